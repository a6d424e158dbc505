package dev.backdrop.diffusion.hub;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which files of a repository to fetch: glob patterns over the repository paths, matched as the
 * hub's own clients match them ({@code *} also crosses {@code /}, so {@code *.json} takes every JSON
 * file and {@code unet/*} the whole folder; a pattern ending in {@code /} means the folder), and
 * whether to take the {@code fp16} variant of weights that have one.
 *
 * <p>A variant is a file such as {@code diffusion_pytorch_model.fp16.safetensors} beside
 * {@code diffusion_pytorch_model.safetensors} (shards and index files alike). Where a folder has
 * both forms of the same weights among the matched files, only one form is fetched: the variant
 * with {@code preferFp16}, else the plain one. Weights published only in one form are fetched in
 * that form.
 *
 * @param includes the patterns; none means every file
 */
public record FileSelection(List<String> includes, boolean preferFp16) {

    public static final FileSelection ALL = new FileSelection(List.of(), false);

    private static final Pattern VARIANT = Pattern.compile("\\.fp16(?=[.-])");
    private static final Pattern SHARD = Pattern.compile("-\\d+-of-\\d+$");

    public FileSelection {
        includes = List.copyOf(includes);
    }

    public List<HubFile> select(List<HubFile> files) {
        List<Pattern> patterns = includes.stream().map(FileSelection::globToRegex).toList();
        List<HubFile> matched = files.stream()
                .filter(f -> patterns.isEmpty() || patterns.stream().anyMatch(p -> p.matcher(f.path()).matches()))
                .toList();
        Set<String> withVariant = familiesOf(matched, true);
        Set<String> withPlain = familiesOf(matched, false);
        return matched.stream().filter(f -> isVariant(f.path())
                ? preferFp16 || !withPlain.contains(family(f.path()))
                : !preferFp16 || !withVariant.contains(family(f.path()))).toList();
    }

    private static Set<String> familiesOf(List<HubFile> files, boolean variants) {
        return files.stream().filter(f -> isVariant(f.path()) == variants).map(f -> family(f.path()))
                .collect(Collectors.toSet());
    }

    /** Whether {@code path} names an {@code fp16} variant ({@code *.fp16.safetensors}, shards and indexes alike). */
    public static boolean isVariant(String path) {
        return VARIANT.matcher(fileName(path)).find();
    }

    /**
     * What a file holds, the same for both forms of one set of weights: its folder, the name before the
     * first dot (less any shard number) and its weight format, e.g. {@code unet/diffusion_pytorch_model|safetensors}.
     */
    static String family(String path) {
        String name = VARIANT.matcher(fileName(path)).replaceAll("");
        String folder = path.substring(0, path.length() - fileName(path).length());
        String[] parts = name.split("\\.");
        String stem = SHARD.matcher(parts[0]).replaceAll("");
        String format = parts.length > 1 ? parts[1] : "";
        return folder + stem + "|" + format;
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** fnmatch-style: {@code *} any run of characters, {@code ?} one, {@code [...]} a class ({@code [!...]} negated). */
    static Pattern globToRegex(String glob) {
        String pattern = glob.endsWith("/") ? glob + "*" : glob;
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            int close = c == '[' ? pattern.indexOf(']', i + 2) : -1;
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (close > 0) {
                String members = pattern.substring(i + 1, close);
                regex.append('[').append(members.startsWith("!") ? "^" + quoteClass(members.substring(1))
                        : quoteClass(members)).append(']');
                i = close;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static String quoteClass(String members) {
        return members.replace("\\", "\\\\").replace("[", "\\[").replace("&", "\\&");
    }
}
