/**
 * Fault injection for the crash tests: when CASE_CALENDAR_CRASH_AT names this point, the process
 * kills itself with SIGKILL right here, as a power cut or the OOM killer would. Without the
 * variable this is one comparison; nothing else reads it. From serve's worker thread too: the
 * signal goes to the whole process (process.exit there would end only the thread).
 */
export type CrashPoint = 'after-push-call' | 'after-entry-commit' | 'before-emit' | 'after-calendar-write' | 'before-refold-write' | 'after-delivery-commit';

export function crashPoint(point: CrashPoint): void {
  if (process.env.CASE_CALENDAR_CRASH_AT === point) process.kill(process.pid, 'SIGKILL');
}
