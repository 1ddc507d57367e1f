/**
 * True when process `pid` runs on this machine (`kill(pid, 0)` succeeds, or fails with EPERM: it runs under
 * another user); false when it fails with ESRCH (no such process).
 *
 * @example
 * processIsAlive(process.pid); // true
 */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
