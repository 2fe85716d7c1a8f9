/** The report's messages in each language it is written in (messages.ts describes them). */
import type { ReportLanguage } from './format.ts';
import type { ReportMessages } from './messages.ts';
import { EN } from './messages-en.ts';
import { NB } from './messages-nb.ts';

export const MESSAGES: Readonly<Record<ReportLanguage, ReportMessages>> = { nb: NB, en: EN };
