/**
 * A file part as the parser hands it to validation: what the client declared, what its
 * bytes are, and whether it went over the size limit. The bytes themselves are not kept.
 */
export class UploadedFile {
  constructor (
    readonly filename: string,
    readonly declaredType: string,
    readonly size: number,
    /** The type sniffed from the bytes (any type file-type knows), or undefined. */
    readonly sniffedType: string | undefined,
    readonly sha256: string,
    readonly tooLarge: boolean,
    /** The body ended inside the file (PHP's UPLOAD_ERR_PARTIAL). */
    readonly partial = false,
  ) {}

  /** PHP reports a file input left empty by a browser as "no file": no name and no bytes. */
  get isNoFile (): boolean {
    return this.filename === '' && this.size === 0 && !this.uploadFailed
  }

  /** PHP set an upload error (too large, or cut short), which Laravel reports as "failed to upload". */
  get uploadFailed (): boolean {
    return this.tooLarge || this.partial
  }
}
