import type { ByteReader } from '../byte-reader';
import { TorchCheckpointError } from '../errors';
import { resolveGlobal } from '../globals/allowed-globals';
import { checkDictKey } from '../globals/check-dict-key';
import { describeValue } from '../globals/expect-arguments';
import { GlobalReference } from '../globals/safe-global';
import { InvalidValueError } from '../invalid-value-error';
import type { TorchDictKey } from '../torch-value';
import { applyBuild } from './apply-build';
import { describeOpcode, HIGHEST_PROTOCOL, isKnownOpcode, OPCODES } from './opcodes';
import { PickleStack } from './pickle-stack';
import { decodeLong } from './python-integer';
import { isTuple, makeTuple } from './tuple';
import type { UnpickleContext } from './unpickle-context';

/** The longest LONG1/LONG4 integer accepted, in bytes. */
const MAX_LONG_BYTES = 4096;

const STOPPED = Symbol('stop');

function asList(target: unknown): unknown[] {
  if (!Array.isArray(target) || isTuple(target)) throw new InvalidValueError(`cannot append to ${describeValue(target)}`);
  return target;
}

function asDict(target: unknown): Map<TorchDictKey, unknown> {
  if (!(target instanceof Map)) throw new InvalidValueError(`cannot set an item on ${describeValue(target)}`);
  return target;
}

function setPairs(dict: Map<TorchDictKey, unknown>, items: unknown[]): void {
  if (items.length % 2 !== 0) throw new InvalidValueError('odd number of items for a dict (corrupt pickle)');
  for (let index = 0; index < items.length; index += 2) dict.set(checkDictKey(items[index]), items[index + 1]);
}

function asArguments(args: unknown, global: GlobalReference): readonly unknown[] {
  if (!isTuple(args)) throw new InvalidValueError(`arguments of ${global.name} must be a tuple, got ${describeValue(args)}`);
  return args;
}

function asGlobal(value: unknown, action: string): GlobalReference {
  if (!(value instanceof GlobalReference)) throw new InvalidValueError(`cannot ${action} ${describeValue(value)}`);
  return value;
}

/** One run of the unpickler over one pickle: stack, memo and the opcode loop. */
class Unpickler {
  private readonly stack = new PickleStack();
  private readonly memo = new Map<number, unknown>();

  constructor(
    private readonly reader: ByteReader,
    private readonly context: UnpickleContext,
  ) {}

  run(): unknown {
    for (;;) {
      const start = this.reader.position;
      const code = this.reader.uint8('a pickle opcode');
      try {
        if (this.step(code) === STOPPED) return this.stack.pop();
      } catch (error) {
        if (!(error instanceof InvalidValueError)) throw error;
        const where = this.reader.entry === undefined ? '' : ` of '${this.reader.entry}'`;
        throw new TorchCheckpointError(
          this.context.source,
          `${error.message} (opcode ${describeOpcode(code)} at byte ${start}${where})`,
          { cause: error },
        );
      }
    }
  }

  private text(bytes: Uint8Array): string {
    return new TextDecoder('utf-8').decode(bytes);
  }

  private long(length: number): number | bigint {
    if (length < 0 || length > MAX_LONG_BYTES) throw new InvalidValueError(`integer of ${length} bytes is too large`);
    return decodeLong(this.reader.slice(length, 'a LONG integer'));
  }

  private memoGet(index: number): unknown {
    if (!this.memo.has(index)) throw new InvalidValueError(`memo entry ${index} is missing (corrupt pickle)`);
    return this.memo.get(index);
  }

  private reduce(): unknown {
    const args = this.stack.pop();
    const global = asGlobal(this.stack.pop(), 'call');
    if (global.definition.call === undefined) throw new InvalidValueError(`global '${global.name}' cannot be called`);
    return global.definition.call(asArguments(args, global), this.context);
  }

  private newObject(args: unknown, keywords?: unknown): unknown {
    const global = asGlobal(this.stack.pop(), 'instantiate');
    if (global.definition.instantiate === undefined) throw new InvalidValueError(`global '${global.name}' cannot be instantiated`);
    if (keywords !== undefined && !(keywords instanceof Map && keywords.size === 0)) {
      throw new InvalidValueError(`keyword arguments to ${global.name} are not supported`);
    }
    return global.definition.instantiate(asArguments(args, global), this.context);
  }

  private persistentLoad(id: unknown): unknown {
    if (this.context.persistentLoad === undefined) throw new InvalidValueError('persistent id in a pickle that may hold none');
    return this.context.persistentLoad(id);
  }

  private step(code: number): unknown {
    const { reader, stack } = this;
    switch (code) {
      case OPCODES.PROTO: {
        const version = reader.uint8('the protocol version');
        if (version > HIGHEST_PROTOCOL) throw new InvalidValueError(`unsupported pickle protocol ${version}`);
        return;
      }
      case OPCODES.FRAME:
        reader.uint64('a frame length');
        return;
      case OPCODES.STOP:
        return STOPPED;
      case OPCODES.MARK:
        return stack.mark();
      case OPCODES.POP:
        return stack.discard();
      case OPCODES.POP_MARK:
        stack.popMark();
        return;
      case OPCODES.DUP:
        return stack.push(stack.top());
      case OPCODES.NONE:
        return stack.push(null);
      case OPCODES.NEWTRUE:
        return stack.push(true);
      case OPCODES.NEWFALSE:
        return stack.push(false);
      case OPCODES.BININT:
        return stack.push(reader.int32('a BININT'));
      case OPCODES.BININT1:
        return stack.push(reader.uint8('a BININT1'));
      case OPCODES.BININT2:
        return stack.push(reader.uint16('a BININT2'));
      case OPCODES.LONG1:
        return stack.push(this.long(reader.uint8('a LONG1 length')));
      case OPCODES.LONG4:
        return stack.push(this.long(reader.int32('a LONG4 length')));
      case OPCODES.BINFLOAT:
        return stack.push(reader.float64BigEndian('a BINFLOAT'));
      case OPCODES.SHORT_BINUNICODE:
      case OPCODES.SHORT_BINSTRING:
        return stack.push(this.text(reader.slice(reader.uint8('a string length'), 'a string')));
      case OPCODES.BINUNICODE:
        return stack.push(this.text(reader.slice(reader.uint32('a string length'), 'a string')));
      case OPCODES.BINSTRING:
        return stack.push(this.text(reader.slice(reader.int32('a string length'), 'a string')));
      case OPCODES.BINUNICODE8:
        return stack.push(this.text(reader.slice(reader.uint64('a string length'), 'a string')));
      case OPCODES.SHORT_BINBYTES:
        return stack.push(new Uint8Array(reader.slice(reader.uint8('a bytes length'), 'bytes')));
      case OPCODES.BINBYTES:
        return stack.push(new Uint8Array(reader.slice(reader.uint32('a bytes length'), 'bytes')));
      case OPCODES.BINBYTES8:
      case OPCODES.BYTEARRAY8:
        return stack.push(new Uint8Array(reader.slice(reader.uint64('a bytes length'), 'bytes')));
      case OPCODES.EMPTY_LIST:
        return stack.push([]);
      case OPCODES.LIST:
        return stack.push(stack.popMark());
      case OPCODES.APPEND: {
        const value = stack.pop();
        asList(stack.top()).push(value);
        return;
      }
      case OPCODES.APPENDS: {
        const values = stack.popMark();
        const list = asList(stack.top());
        for (const value of values) list.push(value);
        return;
      }
      case OPCODES.EMPTY_TUPLE:
        return stack.push(makeTuple([]));
      case OPCODES.TUPLE:
        return stack.push(makeTuple(stack.popMark()));
      case OPCODES.TUPLE1:
        return stack.push(makeTuple([stack.pop()]));
      case OPCODES.TUPLE2: {
        const second = stack.pop();
        return stack.push(makeTuple([stack.pop(), second]));
      }
      case OPCODES.TUPLE3: {
        const third = stack.pop();
        const second = stack.pop();
        return stack.push(makeTuple([stack.pop(), second, third]));
      }
      case OPCODES.EMPTY_DICT:
        return stack.push(new Map());
      case OPCODES.DICT: {
        const dict = new Map<TorchDictKey, unknown>();
        setPairs(dict, stack.popMark());
        return stack.push(dict);
      }
      case OPCODES.SETITEM: {
        const value = stack.pop();
        const key = stack.pop();
        setPairs(asDict(stack.top()), [key, value]);
        return;
      }
      case OPCODES.SETITEMS: {
        const items = stack.popMark();
        setPairs(asDict(stack.top()), items);
        return;
      }
      case OPCODES.EMPTY_SET:
        return stack.push(new Set());
      case OPCODES.ADDITEMS: {
        const items = stack.popMark();
        const target = stack.top();
        if (!(target instanceof Set)) throw new InvalidValueError(`cannot add items to ${describeValue(target)}`);
        for (const item of items) target.add(checkDictKey(item));
        return;
      }
      case OPCODES.FROZENSET:
        return stack.push(new Set(stack.popMark().map(checkDictKey)));
      case OPCODES.BINPUT:
        return void this.memo.set(reader.uint8('a memo index'), stack.top());
      case OPCODES.LONG_BINPUT:
        return void this.memo.set(reader.uint32('a memo index'), stack.top());
      case OPCODES.MEMOIZE:
        return void this.memo.set(this.memo.size, stack.top());
      case OPCODES.BINGET:
        return stack.push(this.memoGet(reader.uint8('a memo index')));
      case OPCODES.LONG_BINGET:
        return stack.push(this.memoGet(reader.uint32('a memo index')));
      case OPCODES.GLOBAL: {
        const module = this.text(reader.line('a GLOBAL module name'));
        return stack.push(resolveGlobal(module, this.text(reader.line('a GLOBAL name'))));
      }
      case OPCODES.STACK_GLOBAL: {
        const name = stack.pop();
        const module = stack.pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw new InvalidValueError('STACK_GLOBAL needs two strings');
        return stack.push(resolveGlobal(module, name));
      }
      case OPCODES.REDUCE:
        return stack.push(this.reduce());
      case OPCODES.NEWOBJ:
        return stack.push(this.newObject(stack.pop()));
      case OPCODES.NEWOBJ_EX: {
        const keywords = stack.pop();
        return stack.push(this.newObject(stack.pop(), keywords));
      }
      case OPCODES.BUILD: {
        const state = stack.pop();
        return applyBuild(stack.top(), state);
      }
      case OPCODES.BINPERSID:
        return stack.push(this.persistentLoad(stack.pop()));
    }
    if (isKnownOpcode(code)) {
      throw new InvalidValueError('unsupported pickle opcode (torch.save does not emit it; protocol 0/1 text or extension opcodes)');
    }
    throw new InvalidValueError('unknown pickle opcode');
  }
}

/**
 * Decodes one pickle (protocols 2–5) from the reader's position up to and including its STOP, without running
 * any code: GLOBAL/STACK_GLOBAL resolve only allow-listed names (`ALLOWED_GLOBALS`) to pure JS stand-ins, and
 * REDUCE/NEWOBJ/BUILD apply only those. The result may still hold internal values (storages, globals) that the
 * caller checks.
 *
 * @throws TorchCheckpointError naming the source, the opcode (hex) and byte for malformed or unsafe pickles.
 */
export function unpickle(reader: ByteReader, context: UnpickleContext): unknown {
  return new Unpickler(reader, context).run();
}
