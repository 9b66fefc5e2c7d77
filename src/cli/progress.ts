// Progress for long loads, on stderr and only on a terminal (never in pipes, files or CI logs).
export interface Progress {
  update: (done: number, total: number) => void;
  done: () => void;
}

export function progressReporter(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!enabled || !stream.isTTY) return { update: () => undefined, done: () => undefined };
  let shown = false;
  let last = 0;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      shown = true;
      const pct = total ? Math.floor((done / total) * 100) : 100;
      stream.write(`\rApplying statements in the embedded PostgreSQL: ${done}/${total} (${pct}%)`);
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}
