package dev.berth.node.cli;

import dev.berth.core.text.TerminalText;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Plain aligned columns, as {@code ps} and {@code images} print them. */
final class Table
{
    private final List<String[]> rows = new ArrayList<>();

    Table(String... headers)
    {
        rows.add(headers);
    }

    /** Cells are one line each: control characters, newlines included, are escaped. */
    Table row(String... cells)
    {
        String[] escaped = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            escaped[i] = TerminalText.escapeLine(cells[i]);
        }
        rows.add(escaped);
        return this;
    }

    void print(PrintStream out)
    {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i] == null ? 0 : row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                String cell = row[i] == null ? "" : row[i];
                text.append(cell);
                if (i < columns - 1) {
                    text.append(" ".repeat(widths[i] - cell.length() + 3));
                }
            }
            text.append('\n');
        }
        out.print(text);
    }
}
