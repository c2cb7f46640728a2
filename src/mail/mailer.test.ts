import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { createOutboxMailer, createSmtpMailer } from './mailer.js';

describe('mailers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-outbox-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes an .eml file per message to the outbox, with no header injection', async () => {
    const lines: string[] = [];
    const mailer = createOutboxMailer({ dir, from: 'Paper <news@paper.test>', log: (line) => lines.push(line) });
    await mailer.send({ to: 'ann@paper.test', subject: 'Hello\r\nBcc: evil@x.test', text: 'Line one\nLine two' });
    const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const eml = readFileSync(join(dir, files[0]!), 'utf8');
    expect(eml).toContain('To: ann@paper.test\r\n');
    expect(eml).toContain('Subject: Hello Bcc: evil@x.test\r\n');
    expect(eml).not.toMatch(/^Bcc:/m);
    expect(eml).toContain('\r\n\r\nLine one\r\nLine two');
    expect(lines[0]).toContain('ann@paper.test');
  });

  it('delivers through a real SMTP server on loopback', async () => {
    const received: { from: string; to: string[]; data: string }[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
        stream.on('end', () => {
          received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as { port: number }).port;
    try {
      const mailer = createSmtpMailer({ url: `smtp://127.0.0.1:${port}?ignoreTLS=true`, from: 'Paper <news@paper.test>' });
      await mailer.send({ to: 'bo@paper.test', subject: 'Invitation', text: 'Join us: https://paper.test/admin/accept-invitation?token=abc' });
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ from: 'news@paper.test', to: ['bo@paper.test'] });
      expect(received[0]!.data).toContain('Subject: Invitation');
      expect(received[0]!.data).toContain('accept-invitation?token=abc');
      expect(mailer.describe()).toBe(`smtp://127.0.0.1:${port}`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
