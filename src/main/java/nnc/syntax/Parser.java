package nnc.syntax;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import nnc.syntax.antlr.NnLexer;
import nnc.syntax.antlr.NnParser;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Turns the text of a {@code .nn} file into an {@link Ast.Model}. Lexical and syntax errors go to the
 * reporter in plain words; when there are any, no tree is returned.
 */
public final class Parser {
    /** Brackets nested deeper than this are refused before parsing (the parser is recursive). */
    public static final int MAX_NESTING = 64;

    private static final Set<Integer> STATEMENT_STARTS = Set.of(NnLexer.INPUT, NnLexer.DENSE,
            NnLexer.DROPOUT, NnLexer.LOSS, NnLexer.OPTIMIZER, NnLexer.INIT, NnLexer.REGULARIZE, NnLexer.TRAIN);

    private final SourceFile source;
    private final Reporter reporter;
    private final boolean surrogates;
    private List<Token> tokens;

    public Parser(SourceFile source, Reporter reporter) {
        this.source = source;
        this.reporter = reporter;
        this.surrogates = source.text().chars().anyMatch(c -> Character.isSurrogate((char) c));
    }

    /** Parses the whole file; returns null when it has lexical or syntax errors. */
    public Ast.Model parse() {
        NnLexer lexer = new NnLexer(CharStreams.fromString(source.text(), source.displayName()));
        lexer.removeErrorListeners();
        CommonTokenStream lexed = new CommonTokenStream(lexer);
        lexed.fill();
        int before = reporter.count();
        CommonTokenStream stream = new CommonTokenStream(new ListTokenSource(quoteBarePaths(lexed.getTokens())));
        stream.fill();
        tokens = stream.getTokens();
        reportLexicalErrors();
        if (reporter.full()) {
            reporter.stop();
            return null;
        }
        if (!checkNesting()) {
            return null;
        }
        NnParser parser = new NnParser(stream);
        parser.removeErrorListeners();
        parser.addErrorListener(new PlainWordsListener());
        NnParser.FileContext tree;
        try {
            tree = parser.file();
        } catch (ParseCancellationException enough) {
            return null;   // the error cap is reached: what follows would not be shown
        }
        if (reporter.count() > before) {
            return null;
        }
        return new AstBuilder(this).model(tree.model());
    }

    /**
     * A value written as a bare path ({@code data = models/data/iris.csv}) lexes as names and stray characters,
     * which would give an error for every {@code /}: it is reported once, with the fix, and parsed as the string
     * it was meant to be.
     */
    private List<Token> quoteBarePaths(List<Token> lexed) {
        List<Token> out = new ArrayList<>(lexed.size());
        for (int i = 0; i < lexed.size(); i++) {
            Token t = lexed.get(i);
            out.add(t);
            if (t.getType() != NnLexer.EQ) {
                continue;
            }
            int end = i + 1;
            boolean slash = false;
            while (end < lexed.size() && pathPart(lexed.get(end))
                    && (end == i + 1 || lexed.get(end).getStartIndex() == lexed.get(end - 1).getStopIndex() + 1)) {
                String text = lexed.get(end).getText();
                slash |= lexed.get(end).getType() == NnLexer.BAD_CHAR && (text.equals("/") || text.equals("\\"));
                end++;
            }
            if (!slash || end - i < 3) {
                continue;
            }
            Token first = lexed.get(i + 1);
            Token last = lexed.get(end - 1);
            StringBuilder path = new StringBuilder();
            for (int k = i + 1; k < end; k++) {
                path.append(lexed.get(k).getText());
            }
            CommonToken string = new CommonToken(first);
            string.setType(NnLexer.STRING);
            string.setChannel(Token.DEFAULT_CHANNEL);
            string.setStopIndex(last.getStopIndex());
            string.setText("\"" + path + "\"");
            reporter.error(span(first, last), "a file path must be written in double quotes: \"" + path + "\"");
            out.add(string);
            i = end - 1;
        }
        return out;
    }

    /** A token that can be part of a path written without quotes: names, numbers, stray characters. */
    private static boolean pathPart(Token t) {
        return t.getType() == NnLexer.BAD_CHAR || t.getType() == NnLexer.NAME || t.getType() == NnLexer.NUMBER
                || (t.getType() >= NnLexer.MODEL && t.getType() <= NnLexer.FALSE);
    }

    private void reportLexicalErrors() {
        Token previousBad = null;
        for (Token t : tokens) {
            if (t.getChannel() != 2) {
                continue;
            }
            if (t.getType() == NnLexer.BAD_STRING) {
                reporter.error(pos(t), "unterminated string: a string must end with '\"' on the same line");
            } else if (previousBad == null || previousBad.getStopIndex() + 1 != t.getStartIndex()) {
                int cp = t.getText().codePointAt(0);
                String shown = cp >= 0x20 && cp < 0x7f ? "'" + t.getText() + "'" : String.format("U+%04X", cp);
                reporter.error(pos(t), "unexpected character " + shown);
            }
            previousBad = t.getType() == NnLexer.BAD_CHAR ? t : null;
        }
    }

    private boolean checkNesting() {
        int depth = 0;
        for (Token t : tokens) {
            if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                continue;
            }
            String text = t.getText();
            if (text.equals("[") || text.equals("(") || text.equals("{")) {
                if (++depth > MAX_NESTING) {
                    reporter.error(pos(t), "brackets nested more than " + MAX_NESTING + " levels deep");
                    return false;
                }
            } else if (text.equals("]") || text.equals(")") || text.equals("}")) {
                depth = Math.max(0, depth - 1);
            }
        }
        return true;
    }

    /** The source span of a token (EOF points just past the last character). */
    Pos pos(Token t) {
        if (t.getType() == Token.EOF) {
            int end = source.text().length();
            return source.pos(end > 0 && source.text().charAt(end - 1) == '\n' ? end - 1 : end, 1);
        }
        int start = charOffset(t.getStartIndex());
        int stop = charOffset(t.getStopIndex() + 1);
        return source.pos(start, Math.max(1, stop - start));
    }

    /** The span from the start of {@code first} to the end of {@code last}. */
    Pos span(Token first, Token last) {
        Pos a = pos(first);
        Pos b = pos(last);
        int end = Math.max(a.offset() + a.length(), b.offset() + b.length());
        return source.pos(a.offset(), end - a.offset());
    }

    /** ANTLR counts code points; the source counts UTF-16 chars. */
    private int charOffset(int codePointIndex) {
        if (!surrogates) {
            return codePointIndex;
        }
        String text = source.text();
        int cps = text.codePointCount(0, text.length());
        return text.offsetByCodePoints(0, Math.min(codePointIndex, cps));
    }

    Reporter reporter() {
        return reporter;
    }

    /** Rewrites ANTLR's syntax errors into "expected X but found Y". */
    private final class PlainWordsListener extends BaseErrorListener {
        private int lastErrorToken = -1;
        private int[] openBefore;

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPos,
                                String msg, RecognitionException e) {
            NnParser parser = (NnParser) recognizer;
            Token found = (Token) offendingSymbol;
            if (found.getTokenIndex() == lastErrorToken) {
                return;
            }
            lastErrorToken = found.getTokenIndex();
            IntervalSet expected = e != null && e.getExpectedTokens() != null
                    ? e.getExpectedTokens() : parser.getExpectedTokens();
            reporter.error(pos(found), message(expected, found));
            if (reporter.full()) {
                reporter.stop();
                throw new ParseCancellationException("too many errors");
            }
        }

        private String message(IntervalSet expected, Token found) {
            String closer = unclosedBracket(found, expected);
            String foundText = found.getType() == Token.EOF ? "the end of the file" : describe(found);
            if (closer != null) {
                return closer + " but found " + foundText;
            }
            return "expected " + describe(expected) + " but found " + foundText;
        }

        /** "expected '}' to close the block opened at 3:12" when that is what is missing. */
        private String unclosedBracket(Token found, IntervalSet expected) {
            Token opener = innermostOpen(found.getTokenIndex());
            if (opener == null) {
                return null;
            }
            String close = switch (opener.getText()) {
                case "{" -> "}";
                case "[" -> "]";
                default -> ")";
            };
            int closeType = literalType(close);
            if (!expected.contains(closeType)) {
                return null;
            }
            String what = switch (close) {
                case "}" -> "block";
                case "]" -> "list";
                default -> "argument list";
            };
            String others = describe(expected.subtract(IntervalSet.of(closeType)));
            return "expected " + (others.isEmpty() ? "" : others + " or ") + "'" + close + "' to close the " + what
                    + " opened at " + pos(opener).lineCol();
        }

        /** The innermost bracket still open before token {@code index}: computed once for all tokens. */
        private Token innermostOpen(int index) {
            if (openBefore == null) {
                openBefore = new int[tokens.size() + 1];
                int[] stack = new int[tokens.size() + 1];
                int depth = 0;
                for (int i = 0; i < tokens.size(); i++) {
                    openBefore[i] = depth > 0 ? stack[depth - 1] : -1;
                    Token t = tokens.get(i);
                    if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                        continue;
                    }
                    switch (t.getText()) {
                        case "{", "[", "(" -> stack[depth++] = i;
                        case "}", "]", ")" -> depth = Math.max(0, depth - 1);
                        default -> {
                        }
                    }
                }
                openBefore[tokens.size()] = depth > 0 ? stack[depth - 1] : -1;
            }
            int i = openBefore[Math.min(index, tokens.size())];
            return i < 0 ? null : tokens.get(i);
        }

        private int literalType(String literal) {
            for (int type = 1; type <= NnLexer.VOCABULARY.getMaxTokenType(); type++) {
                if (("'" + literal + "'").equals(NnLexer.VOCABULARY.getLiteralName(type))) {
                    return type;
                }
            }
            throw new IllegalStateException("no token for " + literal);
        }

        private String describe(Token t) {
            return switch (t.getType()) {
                case NnLexer.NUMBER -> "number " + t.getText();
                case NnLexer.STRING -> "a string";
                case NnLexer.NAME -> "name '" + t.getText() + "'";
                default -> "'" + abbreviate(t.getText()) + "'";
            };
        }

        private String abbreviate(String s) {
            return s.length() > 20 ? s.substring(0, 20) + "..." : s;
        }

        private String describe(IntervalSet set) {
            Set<String> words = new LinkedHashSet<>();
            List<Integer> types = set.toList();
            boolean valueStart = types.contains(NnLexer.NUMBER) && types.contains(NnLexer.STRING)
                    && types.contains(NnLexer.NAME);
            boolean statementStart = types.containsAll(STATEMENT_STARTS);
            if (statementStart && types.contains(NnLexer.NAME) && types.contains(NnLexer.MODEL)) {
                Set<String> rest = new LinkedHashSet<>(List.of("a key"));
                if (types.contains(NnLexer.RBRACE)) {
                    rest.add("'}'");
                }
                return String.join(" or ", rest);
            }
            if (statementStart) {
                words.add("a statement (input, dense, dropout, loss, optimizer, init, regularize, train)");
            }
            if (valueStart) {
                words.add("a value");
            }
            for (int type : types) {
                if (statementStart && STATEMENT_STARTS.contains(type)) {
                    continue;
                }
                if (valueStart && (type == NnLexer.NUMBER || type == NnLexer.STRING || type == NnLexer.NAME
                        || type == NnLexer.TRUE || type == NnLexer.FALSE || type == NnLexer.LBRACK)) {
                    continue;
                }
                if (type == NnLexer.SEMI) {
                    continue;
                }
                words.add(switch (type) {
                    case Token.EOF -> "the end of the file";
                    case NnLexer.NUMBER -> "a number";
                    case NnLexer.NAME -> "a name";
                    case NnLexer.STRING -> "a string";
                    default -> NnLexer.VOCABULARY.getLiteralName(type) != null
                            ? NnLexer.VOCABULARY.getLiteralName(type) : NnLexer.VOCABULARY.getDisplayName(type);
                });
            }
            List<String> list = new ArrayList<>(words);
            if (list.size() <= 1) {
                return list.isEmpty() ? "" : list.get(0);
            }
            return String.join(", ", list.subList(0, list.size() - 1)) + " or " + list.get(list.size() - 1);
        }
    }
}
