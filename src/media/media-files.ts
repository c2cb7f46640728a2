import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const STAGING_PREFIX = '.partial-';

/**
 * The media folder on disk (DATA_DIR/media). An item's files appear all at once: they are
 * written into a hidden staging folder that is renamed to `<storageKey>` only when every file
 * is complete, so readers and crashes never see half an upload.
 */
export function createMediaFiles(mediaDir: string) {
  return {
    /** Writes `files` as `mediaDir/<storageKey>/<name>`; on any failure nothing is left behind. */
    async publish(storageKey: string, files: { name: string; data: Buffer }[]): Promise<void> {
      const staging = join(mediaDir, `${STAGING_PREFIX}${storageKey}`);
      await mkdir(mediaDir, { recursive: true });
      try {
        await mkdir(staging);
        for (const file of files) await writeFile(join(staging, file.name), file.data, { flag: 'wx' });
        await rename(staging, join(mediaDir, storageKey));
      } catch (error) {
        await rm(staging, { recursive: true, force: true });
        throw error;
      }
    },

    /** Removes an item's folder (used when its database row could not be written). */
    async remove(storageKey: string): Promise<void> {
      await rm(join(mediaDir, storageKey), { recursive: true, force: true });
    },

    /**
     * Removes staging folders older than `olderThanMs`, left by a process that stopped mid-upload.
     * Ages are measured against the system clock, which is what stamped the folders.
     */
    async removeAbandoned(olderThanMs: number): Promise<void> {
      const now = Date.now();
      const names = await readdir(mediaDir).catch(() => [] as string[]);
      for (const name of names.filter((n) => n.startsWith(STAGING_PREFIX))) {
        const path = join(mediaDir, name);
        const info = await stat(path).catch(() => undefined);
        if (info && now - info.mtimeMs > olderThanMs) await rm(path, { recursive: true, force: true });
      }
    },
  };
}

export type MediaFiles = ReturnType<typeof createMediaFiles>;
