package dev.berth.node.cli;

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

    Table row(String... cells)
    {
        rows.add(cells);
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
