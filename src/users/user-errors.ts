import { AppError } from '../platform/errors/app-error.js';

/** Errors of the users module, by stable code. */
export const userErrors = {
  invalid: (fields: Record<string, string>) =>
    new AppError({ code: 'USER_INVALID', status: 400, title: 'Invalid input', detail: Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('; '), fields }),
  signInFailed: () => new AppError({ code: 'SIGN_IN_FAILED', status: 401, title: 'Sign-in failed', detail: 'The email or password is not right.' }),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError({ code: 'SIGN_IN_RATE_LIMITED', status: 429, title: 'Too many attempts', detail: `Too many sign-in attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).` }),
  emailTaken: (email: string) => new AppError({ code: 'USER_EMAIL_TAKEN', status: 409, title: 'Email already used', detail: `A staff account for ${email} already exists.`, fields: { email: 'already used' } }),
  notFound: (id: number | string) => new AppError({ code: 'USER_NOT_FOUND', status: 404, title: 'User not found', detail: `No staff account ${id}.` }),
  tokenInvalid: () => new AppError({ code: 'TOKEN_INVALID', status: 400, title: 'Link expired or already used', detail: 'This link is unknown, has expired or has already been used. Ask for a new one.' }),
  ownerProtected: () => new AppError({ code: 'OWNER_PROTECTED', status: 409, title: 'The owner cannot be changed', detail: 'The owner is an admin who cannot be removed, disabled or demoted.' }),
  setupDone: () => new AppError({ code: 'SETUP_ALREADY_DONE', status: 409, title: 'Already set up', detail: 'This publication already has an owner.' }),
  apiTokenNotFound: (id: number) => new AppError({ code: 'API_TOKEN_NOT_FOUND', status: 404, title: 'Token not found', detail: `No active API token ${id}.` }),
};
