package dev.sibyl.cli.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IgnoreRulesTest {

    private static final boolean FILE = false;
    private static final boolean DIR = true;

    /** {@code .nniignore} text, path, is it a directory, expected: ignored. */
    static Stream<Arguments> gitignoreCases() {
        return Stream.of(
                // plain name patterns match at any depth, files and directories alike
                Arguments.of("*.pyc", "a.pyc", FILE, true),
                Arguments.of("*.pyc", "pkg/sub/a.pyc", FILE, true),
                Arguments.of("*.pyc", "a.py", FILE, false),
                Arguments.of("data", "data", DIR, true),
                Arguments.of("data", "data", FILE, true),
                Arguments.of("data", "x/data", DIR, true),
                Arguments.of("data", "x/data/file.csv", FILE, true),
                Arguments.of("data", "database", DIR, false),
                // comments, blank lines, escapes, trailing spaces, CRLF
                Arguments.of("# comment\n\n   \n", "# comment", FILE, false),
                Arguments.of("\\#notes", "#notes", FILE, true),
                Arguments.of("\\!important", "!important", FILE, true),
                Arguments.of("foo.txt   ", "foo.txt", FILE, true),
                Arguments.of("foo\\ ", "foo ", FILE, true),
                Arguments.of("foo\\ ", "foo", FILE, false),
                Arguments.of("*.log\r\nbuild\r\n", "build", DIR, true),
                Arguments.of("*.log\r\nbuild\r\n", "x.log", FILE, true),
                // trailing slash: directories only
                Arguments.of("logs/", "logs", DIR, true),
                Arguments.of("logs/", "logs", FILE, false),
                Arguments.of("logs/", "sub/logs", DIR, true),
                Arguments.of("logs/", "logs/today.txt", FILE, true),
                // leading slash anchors to the code directory
                Arguments.of("/build", "build", DIR, true),
                Arguments.of("/build", "src/build", DIR, false),
                Arguments.of("/out/", "out", DIR, true),
                Arguments.of("/out/", "a/out", DIR, false),
                // a slash in the middle anchors too
                Arguments.of("docs/*.md", "docs/a.md", FILE, true),
                Arguments.of("docs/*.md", "docs/sub/a.md", FILE, false),
                Arguments.of("docs/*.md", "x/docs/a.md", FILE, false),
                // * and ? never cross a slash
                Arguments.of("file?.txt", "file1.txt", FILE, true),
                Arguments.of("file?.txt", "file10.txt", FILE, false),
                Arguments.of("a*b", "a/b", FILE, false),
                Arguments.of("a*b", "axyzb", FILE, true),
                Arguments.of("x/a*", "x/a/b", FILE, true), // its parent x/a is matched
                // ** forms
                Arguments.of("**/logs", "logs", DIR, true),
                Arguments.of("**/logs", "a/b/logs", DIR, true),
                Arguments.of("logs/**", "logs", DIR, false),
                Arguments.of("logs/**", "logs/x", FILE, true),
                Arguments.of("logs/**", "logs/a/b", FILE, true),
                Arguments.of("a/**/b", "a/b", FILE, true),
                Arguments.of("a/**/b", "a/x/y/b", FILE, true),
                Arguments.of("a/**/b", "xa/b", FILE, false),
                Arguments.of("**", "anything/at/all", FILE, true),
                Arguments.of("*", "top", FILE, true),
                // character classes
                Arguments.of("[abc].txt", "a.txt", FILE, true),
                Arguments.of("[abc].txt", "d.txt", FILE, false),
                Arguments.of("[!abc].txt", "d.txt", FILE, true),
                Arguments.of("[!abc].txt", "a.txt", FILE, false),
                Arguments.of("run[0-9].sh", "run7.sh", FILE, true),
                Arguments.of("run[0-9].sh", "runx.sh", FILE, false),
                Arguments.of("[oops", "[oops", FILE, true), // unclosed bracket is literal
                // regex metacharacters are literal
                Arguments.of("a+b(1).txt", "a+b(1).txt", FILE, true),
                Arguments.of("a.txt", "abtxt", FILE, false),
                // negation: last match wins
                Arguments.of("*.log\n!keep.log", "x.log", FILE, true),
                Arguments.of("*.log\n!keep.log", "keep.log", FILE, false),
                Arguments.of("!keep.log\n*.log", "keep.log", FILE, true),
                Arguments.of("data/*\n!data/keep.csv", "data/keep.csv", FILE, false),
                Arguments.of("data/*\n!data/keep.csv", "data/other.csv", FILE, true),
                // nothing below an ignored directory comes back
                Arguments.of("data/\n!data/keep.csv", "data/keep.csv", FILE, true),
                Arguments.of("logs/\n!logs/", "logs", DIR, false),
                // leading ./ in the asked path is tolerated
                Arguments.of("/build", "./build", DIR, true));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" vs {1} (dir={2}) ignored={3}")
    @MethodSource("gitignoreCases")
    void followsGitignoreSemantics(String ignoreFile, String path, boolean directory, boolean ignored) {
        assertThat(IgnoreRules.parse(ignoreFile).ignores(path, directory)).isEqualTo(ignored);
    }

    @Test
    void ignoresNothingWithoutRules() {
        assertThat(IgnoreRules.none().ignores("anything.pyc", false)).isFalse();
        assertThat(IgnoreRules.parse("").ignores("a", true)).isFalse();
        assertThat(IgnoreRules.parse("# only a comment\n/\n!").ignores("a", false))
                .isFalse();
    }
}
