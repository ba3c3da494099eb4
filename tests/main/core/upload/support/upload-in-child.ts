// Run in a child process by multipart-upload.test.ts (`node --import tsx`), so that the test can kill
// the upload for real (SIGKILL) mid-way, as a crash or a pulled plug would. Argument: the upload as JSON.
import { uploadFile } from '../../../../../main/core/upload/multipart-upload';
import { s3Operations, type S3Connection } from '../../../../../main/core/upload/s3-client';

const { connection, file, key, journalFile, partBytes } = JSON.parse(process.argv[2]!) as {
  connection: S3Connection;
  file: string;
  key: string;
  journalFile: string;
  partBytes: number;
};
void uploadFile(file, key, { s3: s3Operations(connection), journalFile, partBytes }).then(() => console.log('uploaded'));
