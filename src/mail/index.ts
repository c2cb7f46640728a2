/** @module mail — outgoing email: SMTP or an outbox folder of .eml files. */
export { createOutboxMailer, createSmtpMailer } from './mailer.js';
export type { Mailer, MailMessage } from './mailer.js';
