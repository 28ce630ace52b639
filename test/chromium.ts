import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/**
 * Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: fd 3
 * in, fd 4 out, NUL-separated JSON), so tests can click and read the page without a driver
 * library or a WebSocket.
 */
export class Browser {
  private next = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private events: { method: string; sessionId?: string }[] = [];
  private buffer = '';
  private constructor(
    private child: ChildProcess,
    private profile: string,
    private sessionId = '',
  ) {}

  static async open(url: string, size = { width: 1400, height: 1000 }, colorScheme: 'light' | 'dark' = 'light'): Promise<Browser> {
    if (!CHROMIUM) throw new Error('Chromium is not installed: apt-get install chromium');
    const profile = mkdtempSync(path.join(tmpdir(), 'concord-chromium-'));
    const child = spawn(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--remote-debugging-pipe',
        `--user-data-dir=${profile}`,
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
    );
    const b = new Browser(child, profile);
    (child.stdio[4] as Readable).on('data', (chunk: Buffer) => b.receive(chunk.toString('utf8')));
    const { targetId } = (await b.send('Target.createTarget', { url: 'about:blank' }, false)) as { targetId: string };
    const { sessionId } = (await b.send('Target.attachToTarget', { targetId, flatten: true }, false)) as { sessionId: string };
    b.sessionId = sessionId;
    await b.send('Page.enable');
    await b.send('Emulation.setDeviceMetricsOverride', { width: size.width, height: size.height, deviceScaleFactor: 1, mobile: false });
    await b.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: colorScheme }] });
    await b.navigate(url);
    return b;
  }

  async navigate(url: string): Promise<void> {
    this.events = [];
    await this.send('Page.navigate', { url });
    const deadline = Date.now() + 30_000;
    while (!this.events.some((e) => e.method === 'Page.loadEventFired')) {
      if (Date.now() > deadline) throw new Error(`${url} did not load`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Evaluates an expression in the page and returns its value (JSON-serialisable). */
  async eval<T = unknown>(expression: string): Promise<T> {
    const r = (await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })) as {
      result: { value: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (r.exceptionDetails) throw new Error(`in the page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  }

  /** A real mouse click in the middle of the first element matching `selector`. */
  async click(selector: string): Promise<void> {
    const box = await this.eval<{ x: number; y: number } | null>(
      `(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) return null; el.scrollIntoView({ block: 'center' }); const r = el.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()`,
    );
    if (!box) throw new Error(`nothing matches ${selector}`);
    for (const type of ['mousePressed', 'mouseReleased'])
      await this.send('Input.dispatchMouseEvent', { type, x: box.x, y: box.y, button: 'left', clickCount: 1 });
  }

  /** Picks an option of a <select> the way a user does: value set, change fired. */
  async select(selector: string, value: string): Promise<void> {
    await this.eval(
      `(() => { const s = document.querySelector(${JSON.stringify(selector)}); s.value = ${JSON.stringify(value)}; s.dispatchEvent(new Event('change', { bubbles: true })); })()`,
    );
  }

  /** Renders as for `print` or `screen` (empty: back to normal). */
  async emulateMedia(media: 'print' | 'screen' | ''): Promise<void> {
    await this.send('Emulation.setEmulatedMedia', { media });
  }

  async screenshot(fullPage = true): Promise<Buffer> {
    const metrics = (await this.send('Page.getLayoutMetrics')) as { cssContentSize: { width: number; height: number } };
    const clip = fullPage ? { x: 0, y: 0, width: metrics.cssContentSize.width, height: Math.min(metrics.cssContentSize.height, 6000), scale: 1 } : undefined;
    const { data } = (await this.send('Page.captureScreenshot', { format: 'png', ...(clip ? { clip, captureBeyondViewport: true } : {}) })) as { data: string };
    return Buffer.from(data, 'base64');
  }

  async close(): Promise<void> {
    await this.send('Browser.close', {}, false).catch(() => undefined);
    await new Promise((r) => (this.child.exitCode !== null ? r(undefined) : this.child.once('exit', r)));
    rmSync(this.profile, { recursive: true, force: true });
  }

  private send(method: string, params: object = {}, inSession = true): Promise<unknown> {
    const id = this.next++;
    const message = { id, method, params, ...(inSession ? { sessionId: this.sessionId } : {}) };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      (this.child.stdio[3] as Writable).write(`${JSON.stringify(message)}\0`);
    });
  }

  private receive(text: string): void {
    this.buffer += text;
    let end: number;
    while ((end = this.buffer.indexOf('\0')) >= 0) {
      const msg = JSON.parse(this.buffer.slice(0, end)) as { id?: number; result?: unknown; error?: { message: string }; method?: string; sessionId?: string };
      this.buffer = this.buffer.slice(end + 1);
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(msg.error.message));
        else p?.resolve(msg.result);
      } else if (msg.method) this.events.push({ method: msg.method, sessionId: msg.sessionId });
    }
  }
}
