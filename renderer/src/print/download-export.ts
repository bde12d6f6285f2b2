/**
 * Browser mode: fetches a finished export (GET /api/download/<id>, behind the run's token) and hands
 * it to the browser as a download with its Japanese file name. In Electron the file was already
 * saved through the system dialog, so nothing happens here.
 */
import { captureSessionToken } from '../api/session-token.ts';

export async function downloadExport(downloadId: string, fileName: string): Promise<void> {
  const token = captureSessionToken();
  const response = await fetch(`/api/download/${encodeURIComponent(downloadId)}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    cache: 'no-store',
  });
  if (!response.ok) throw new Error(`download failed: HTTP ${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.style.display = 'none';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Give the browser a moment to start the download before the blob goes.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
