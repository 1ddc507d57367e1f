// Runs a PyTorch reference script with Debian's python3-torch when it is installed.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PYTHON = process.env.FBNAS_PYTHON ?? '/usr/bin/python3';

/** True when `python3 -c "import torch"` works. */
export function pytorchAvailable() {
  return spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

/** Runs tools/bench/<script> with `args` and parses the JSON line it prints. */
export function runPytorch(script, args) {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const result = spawnSync(PYTHON, [path, ...args.map(String)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${script} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}
