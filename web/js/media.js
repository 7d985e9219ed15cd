// Uploading product media (icons, screenshots, manuals): POST /media checks the kind, type and
// size and answers a presigned request; the file then goes straight from the browser to the
// media bucket, and is served at `media_url` from then on.

import { api, ApiError } from './api.js';

/** What each kind of upload accepts, as the file chooser's `accept`. */
export const ACCEPT = {
  icon: 'image/png,image/jpeg,image/webp',
  screenshot: 'image/png,image/jpeg,image/webp',
  manual: 'application/pdf',
};

/** Uploads `file` as `kind`; answers the URL it is served at. */
export async function uploadMedia(kind, file) {
  const upload = await api.post('/media', { kind, content_type: file.type || 'application/octet-stream', size: file.size });
  // The browser sets Content-Length itself (from the file); the other signed headers go as given.
  const headers = Object.fromEntries(Object.entries(upload.headers ?? {}).filter(([name]) => name.toLowerCase() !== 'content-length'));
  let response;
  try {
    response = await fetch(upload.upload_url, { method: upload.method, headers, body: file });
  } catch (err) {
    throw new ApiError({ status: 0, code: 'network', detail: err.message });
  }
  if (!response.ok) throw new ApiError({ status: response.status, code: 'upload_failed', detail: 'No pudimos subir el archivo. Probá de nuevo.' });
  return upload.media_url;
}
