import { WORK_FOLDER_NAME } from '../../main/core/recorder-service';
import { ChunkFile } from '../../main/core/recording/chunk-file';

/**
 * The seam for a USB stick pulled mid-lesson (`RecorderServiceDeps.createChunkFile`): the raw files in the
 * save folder's work folder start failing with EIO after `writesBeforePull` writes, as a removed drive does;
 * files elsewhere (the app's fallback folder) work. `pulled()` says whether it happened.
 */
export function driveThatIsPulledAfter(writesBeforePull: number): { createChunkFile: (file: string) => Promise<ChunkFile>; pulled: () => boolean } {
  let pulled = false;
  return {
    pulled: () => pulled,
    createChunkFile: async (file) => {
      const chunkFile = await ChunkFile.create(file);
      if (!file.includes(WORK_FOLDER_NAME)) return chunkFile;
      let writes = 0;
      const append = chunkFile.append.bind(chunkFile);
      chunkFile.append = async (data) => {
        if (++writes > writesBeforePull) {
          pulled = true;
          throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
        }
        return append(data);
      };
      return chunkFile;
    },
  };
}
