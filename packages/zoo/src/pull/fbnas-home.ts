import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * fbnas's cache folder: `$FBNAS_HOME`, else `$XDG_CACHE_HOME/fbnas`, else `~/.cache/fbnas`.
 * Zoo weights live under `<home>/zoo/<model>/`, downloads under `<home>/downloads/`.
 */
export function fbnasHome(env: Record<string, string | undefined> = process.env): string {
  if (env.FBNAS_HOME) return env.FBNAS_HOME;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'fbnas');
}
