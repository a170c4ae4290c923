/** Where `sync` writes progress: whole lines, and a status line that a terminal redraws in place. */
export interface ProgressWriter {
  line(text: string): void;
  /** Supersedes the previous status line: on a TTY it is redrawn, elsewhere it is a plain line (logs keep every one). */
  status(text: string): void;
  /** Clears a pending status line, so what follows (an error message) starts on a clean line. */
  end(): void;
}

type Stream = { write(chunk: string): unknown; isTTY?: boolean; columns?: number };

const CLEAR = '\r\x1b[2K';

export function progressWriter(stream: Stream): ProgressWriter {
  let open = false;
  const clear = () => {
    if (open) stream.write(CLEAR);
    open = false;
  };
  return {
    line(text) {
      clear();
      stream.write(`${text}\n`);
    },
    status(text) {
      if (!stream.isTTY) return void stream.write(`${text}\n`);
      // A line wider than the terminal wraps, and \r would then redraw only its last row.
      const width = (stream.columns ?? 80) - 1;
      stream.write(CLEAR + (text.length > width ? `${text.slice(0, width - 1)}…` : text));
      open = true;
    },
    end: clear,
  };
}
