import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';

/** An email to one person. Plain text: links in it are the point. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends mail. Two adapters: SMTP (SMTP_URL) and an outbox folder for machines without mail. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  /** Where mail goes, for logs: "smtp://host" or the outbox folder. */
  describe(): string;
}

/** Writes each message as an RFC 5322 .eml file in `dir` (atomically) and logs a line. */
export function createOutboxMailer(options: { dir: string; from: string; log?: (line: string) => void }): Mailer {
  return {
    describe: () => options.dir,
    async send(message) {
      await mkdir(options.dir, { recursive: true });
      const date = new Date();
      const name = `${date.toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
      const header = (value: string) => value.replace(/[\r\n]+/g, ' ');
      const eml = [
        `From: ${header(options.from)}`,
        `To: ${header(message.to)}`,
        `Subject: ${header(message.subject)}`,
        `Date: ${date.toUTCString()}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        message.text.replace(/\r?\n/g, '\r\n'),
      ].join('\r\n');
      const path = join(options.dir, name);
      await writeFile(`${path}.tmp`, eml, 'utf8');
      await rename(`${path}.tmp`, path);
      options.log?.(`Mail to ${message.to} ("${message.subject}") written to ${path}`);
    },
  };
}

/** Sends through an SMTP server given as smtp://user:pass@host:port or smtps://…. */
export function createSmtpMailer(options: { url: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(options.url);
  const host = (() => {
    try {
      return new URL(options.url).host;
    } catch {
      return 'smtp';
    }
  })();
  return {
    describe: () => `smtp://${host}`,
    async send(message) {
      await transport.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}
