package nnc.check;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nnc.syntax.Ast;

/** Walks a block's entries, reporting unknown and repeated keys; subclasses read each known key. */
abstract class BlockReader {
    protected final Values values;
    private final String what;
    private final List<String> keys;

    BlockReader(Values values, String what, List<String> keys) {
        this.values = values;
        this.what = what;
        this.keys = keys;
    }

    final void readEntries(Ast.Block block) {
        if (block == null) {
            return;
        }
        Map<String, Ast.Entry> seen = new HashMap<>();
        for (Ast.Entry e : block.entries()) {
            if (!keys.contains(e.key())) {
                values.error(e.keyPos(), Suggest.unknown("key", e.key(), " in " + what, keys));
                continue;
            }
            Ast.Entry previous = seen.putIfAbsent(e.key(), e);
            if (previous != null) {
                values.error(e.keyPos(), "'" + e.key() + "' is given twice in " + what + " (first at "
                        + previous.keyPos().lineCol() + ")");
                continue;
            }
            entry(e.key(), e.value());
        }
    }

    abstract void entry(String key, Ast.Value value);
}
