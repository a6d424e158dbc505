package dev.backdrop.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * The value of an {@code If-None-Match} header: {@code *} or a comma-separated list of entity
 * tags, strong ({@code "x"}) or weak ({@code W/"x"}), compared weakly as HTTP prescribes for
 * this header. A comma may appear inside quotes, so the list is scanned rather than split.
 */
record EntityTagList(boolean any, List<String> tags) {

    static EntityTagList parse(String header) {
        if (header.strip().equals("*")) {
            return new EntityTagList(true, List.of());
        }
        List<String> tags = new ArrayList<>();
        int i = 0;
        int n = header.length();
        while (i < n) {
            char c = header.charAt(i);
            if (c == ',' || Character.isWhitespace(c)) {
                i++;
            } else if (header.startsWith("W/", i)) {
                i += 2;
            } else if (c == '"') {
                int end = header.indexOf('"', i + 1);
                if (end < 0) {
                    break; // unterminated: ignore the rest
                }
                tags.add(header.substring(i + 1, end));
                i = end + 1;
            } else {
                // a bare tag some clients send; take it up to the next comma
                int end = header.indexOf(',', i);
                end = end < 0 ? n : end;
                tags.add(header.substring(i, end).strip());
                i = end;
            }
        }
        return new EntityTagList(false, List.copyOf(tags));
    }

    boolean matches(String etag) {
        return any || tags.contains(etag);
    }
}
