// A worker module that fails while loading (as a missing dependency would).
throw new Error('cannot load the worker');
