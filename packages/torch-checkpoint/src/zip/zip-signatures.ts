/** Record signatures of the zip format (APPNOTE.TXT), as little-endian 32-bit numbers. */
export const ZIP_SIGNATURES = {
  localFileHeader: 0x04034b50,
  centralDirectoryHeader: 0x02014b50,
  endOfCentralDirectory: 0x06054b50,
  zip64EndOfCentralDirectory: 0x06064b50,
  zip64EndOfCentralDirectoryLocator: 0x07064b50,
} as const;

/** The value a 16-bit or 32-bit field holds when the real value is in the zip64 records. */
export const ZIP64_MARKERS = { uint16: 0xffff, uint32: 0xffffffff } as const;
