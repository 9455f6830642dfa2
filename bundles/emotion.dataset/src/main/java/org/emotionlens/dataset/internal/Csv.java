package org.emotionlens.dataset.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The data-set files' CSV through Commons CSV: RFC 4180 quoting; empty lines are read as records so that a record's
 * number is its line (no cell of these files spans lines); written with {@code \n} line ends.
 */
final class Csv {
    static final CSVFormat READ = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();
    static final CSVFormat WRITE = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

    private Csv() {
    }

    /** Calls {@code row} with every non-empty record of the file and its line number; a malformed file is a usage error. */
    static void forEachRow(Path file, Charset charset, RowHandler row) throws IOException {
        try (CSVParser parser = READ.parse(Files.newBufferedReader(file, charset))) {
            for (CSVRecord rec : parser) {
                String[] f = rec.values();
                if (f.length == 1 && f[0].isBlank()) {
                    continue;
                }
                row.accept(rec.getRecordNumber(), f);
            }
        } catch (UncheckedIOException e) {
            throw new UsageException(file + ": not a readable CSV file: " + e.getCause().getMessage());
        }
    }

    /** One record's cells. */
    interface RowHandler {
        void accept(long line, String[] cells) throws IOException;
    }

    /** The header and rows as CSV text. */
    static String text(List<?> header, List<? extends List<?>> rows) throws IOException {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter p = new CSVPrinter(out, WRITE)) {
            p.printRecord(header);
            for (List<?> r : rows) {
                p.printRecord(r);
            }
        }
        return out.toString();
    }
}
