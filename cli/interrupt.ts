// Ctrl-C: the first one asks the running command to stop (it keeps what it finished, removes what is
// half-written, restores the terminal and says how to go on); a second one quits at once, still
// giving the terminal its cursor and line wrap back.
const controller = new AbortController();
let watching = false;

/** Cursor shown, line wrap on: what a progress bar turns off while it draws. */
export const RESTORE_TERMINAL = '\x1b[?25h\x1b[?7h';

/** The signal that aborts when the user presses Ctrl-C (or the process gets SIGTERM). */
export function stopSignal(): AbortSignal {
  if (!watching) {
    watching = true;
    const stop = () => {
      if (controller.signal.aborted) {
        if (process.stderr.isTTY) process.stderr.write(RESTORE_TERMINAL);
        process.stderr.write('\nagentscaler: stopped at once; run the same command again to continue\n');
        process.exit(130);
      }
      if (process.stderr.isTTY) process.stderr.write('\nagentscaler: stopping — finishing the file in hand (Ctrl-C again to quit at once)\n');
      controller.abort();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }
  return controller.signal;
}
