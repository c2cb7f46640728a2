import { AppError } from '../platform/errors/app-error.js';

/** Errors of the media library, by stable code. */
export const mediaErrors = {
  fileMissing: () =>
    new AppError({ code: 'MEDIA_FILE_MISSING', status: 400, title: 'No file uploaded', detail: 'Send the picture as the multipart field "file".', fields: { file: 'required' } }),
  tooLarge: (maxBytes: number) =>
    new AppError({ code: 'MEDIA_TOO_LARGE', status: 413, title: 'File too large', detail: `Uploads may be at most ${formatBytes(maxBytes)}.`, fields: { file: 'too large' } }),
  tooManyPixels: (detail: string) =>
    new AppError({ code: 'MEDIA_TOO_LARGE_PIXELS', status: 413, title: 'Picture too large', detail, fields: { file: 'too many pixels' } }),
  typeUnsupported: (detail = 'Upload a JPEG, PNG, WebP, AVIF or GIF picture. The type is read from the file itself, not its name.') =>
    new AppError({ code: 'MEDIA_TYPE_UNSUPPORTED', status: 415, title: 'Unsupported file type', detail, fields: { file: 'unsupported type' } }),
  invalid: () =>
    new AppError({ code: 'MEDIA_INVALID', status: 400, title: 'Unreadable picture', detail: 'The file is damaged or incomplete and cannot be decoded. Export it again and retry.', fields: { file: 'unreadable' } }),
  invalidFields: (fields: Record<string, string>) =>
    new AppError({ code: 'MEDIA_FIELDS_INVALID', status: 400, title: 'Invalid media details', detail: 'Some media details are missing or too long.', fields }),
  notFound: (id: number | string) =>
    new AppError({ code: 'MEDIA_NOT_FOUND', status: 404, title: 'Media not found', detail: `There is no media item ${String(id).slice(0, 40)}.` }),
  forbidden: () =>
    new AppError({ code: 'MEDIA_FORBIDDEN', status: 403, title: 'Not your upload', detail: 'Changing or deleting someone else’s media needs the editor role or higher.' }),
  busy: () =>
    new AppError({ code: 'MEDIA_BUSY', status: 503, title: 'Too many uploads in progress', detail: 'The server is processing many pictures; try again in a minute.' }),
  invalidCursor: () =>
    new AppError({ code: 'MEDIA_CURSOR_INVALID', status: 400, title: 'Invalid cursor', detail: 'Pass back the next_cursor value from the previous page unchanged.', fields: { cursor: 'invalid' } }),
};

function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB` : `${bytes} bytes`;
}
