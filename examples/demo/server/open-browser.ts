/** Opens the demo in the desktop's browser when there is one; never fails the start when there is not. */
import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';

async function onPath(command: string): Promise<boolean> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    try {
      await access(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      // Not in this folder.
    }
  }
  return false;
}

/** The command that opens a URL on this desktop, or null (CI, a server, a container). */
async function opener(): Promise<{ command: string; args: string[] } | null> {
  if (process.env.CI) return null;
  if (process.platform === 'darwin') return { command: 'open', args: [] };
  if (process.platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] };
  // Linux and friends: only with a display and xdg-open.
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return null;
  return (await onPath('xdg-open')) ? { command: 'xdg-open', args: [] } : null;
}

/** Tries to open `url`; resolves to whether a browser was asked to. */
export async function openBrowser(url: string): Promise<boolean> {
  const found = await opener().catch(() => null);
  if (!found) return false;
  try {
    const child = spawn(found.command, [...found.args, url], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
