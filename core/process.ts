/**
 * Whether a process is still alive: used to tell the temporary files of a
 * running psa (which must be left alone) from those of a dead one (which
 * the next run removes). EPERM means the process exists but belongs to
 * another user, so it is alive too.
 */
export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
