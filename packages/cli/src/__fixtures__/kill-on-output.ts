import { spawn } from 'node:child_process';

/**
 * Runs `node args…` and SIGKILLs it as soon as its stderr matches `pattern` (e.g. the first epoch's line, written
 * after its checkpoint); resolves once it is dead, rejects if it exits on its own.
 */
export function killOnOutput(args: readonly string[], pattern: RegExp, options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn('node', [...args], options);
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (pattern.test(stderr) && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`not killed: exit ${code}\n${stderr}`))));
  });
}
