/** The number torch's legacy format pickles first, to mark the file as a torch.save checkpoint. */
export const LEGACY_MAGIC_NUMBER = 0x1950a86a20f9469cfc6cn;

/** The legacy format's protocol version, pickled second. */
export const LEGACY_PROTOCOL_VERSION = 1001;

/** The magic number as torch.save (pickle protocol 2) writes it: PROTO 2, LONG1 of 10 bytes, STOP. */
export const LEGACY_MAGIC_PICKLE: readonly number[] = [
  0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e,
];
