package org.emotionlens.source.csv.internal;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.emotionlens.api.Face;
import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameSource;
import org.emotionlens.api.FrameStream;
import org.emotionlens.api.SourceException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/** Replays a blendshape CSV: one frame per data row, carrying one face with its 52 scores and its true label. */
@Component(configurationPid = CsvFrameSource.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = FrameSource.TYPE + "=csv")
@Designate(ocd = CsvSourceConfig.class, factory = true)
public class CsvFrameSource implements FrameSource {
    static final String PID = "emotion.source.csv";
    private static final Logger LOG = Logger.getLogger(PID);
    /** RFC 4180 through Commons CSV; empty lines are records too, so a record's number is its line. */
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();

    private final Path path;
    private final int skipRows;
    private final boolean failOnBadRow;
    private final double fps;
    private final long limit;

    @Activate
    public CsvFrameSource(CsvSourceConfig config) {
        this(Path.of(config.path()), config.skip_rows(), config.on_bad_row(), config.fps(), config.limit());
    }

    CsvFrameSource(Path path, int skipRows, String onBadRow, double fps, long limit) {
        if (!"skip".equals(onBadRow) && !"fail".equals(onBadRow)) {
            throw new IllegalArgumentException("on.bad.row must be 'skip' or 'fail', got '" + onBadRow + "'");
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("blendshape CSV " + path.toAbsolutePath() + " does not exist or is not"
                    + " readable");
        }
        this.path = path;
        this.skipRows = skipRows;
        this.failOnBadRow = "fail".equals(onBadRow);
        this.fps = fps > 0 ? fps : 30.0;
        this.limit = limit;
    }

    @Override
    public String describe() {
        return "blendshape CSV " + path;
    }

    @Override
    public boolean isLive() {
        return false;
    }

    @Override
    public FrameStream open() throws SourceException {
        try {
            return new Stream(FORMAT.parse(Files.newBufferedReader(path, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new SourceException("cannot open blendshape CSV " + path + ": " + e.getMessage(), e);
        }
    }

    private final class Stream implements FrameStream {
        private final CSVParser parser;
        private final Iterator<CSVRecord> records;
        private BlendshapeCsv layout;
        private long line;
        private long dataRows;
        private long emitted;
        private long badRows;
        private boolean ended;

        Stream(CSVParser parser) {
            this.parser = parser;
            this.records = parser.iterator();
        }

        @Override
        public Frame next() throws SourceException {
            if (limit > 0 && emitted >= limit) {
                return null;
            }
            try {
                while (records.hasNext()) {
                    CSVRecord record = records.next();
                    line = record.getRecordNumber();
                    String[] cells = record.values();
                    if (line == 1 && !cells[0].isEmpty() && cells[0].charAt(0) == BlendshapeCsv.BOM) {
                        cells[0] = cells[0].substring(1);
                    }
                    if (cells.length == 1 && cells[0].isBlank()) {
                        continue;
                    }
                    if (layout == null) {
                        layout = layout(cells);
                        if (layout.header()) {
                            continue;
                        }
                    }
                    long row = dataRows++;
                    if (row < skipRows) {
                        continue;
                    }
                    try {
                        return frame(layout.parse(cells), row);
                    } catch (BlendshapeCsv.BadRow e) {
                        String message = path + ":" + line + ": row " + e.getMessage();
                        if (failOnBadRow) {
                            throw new SourceException(message + "; fix the file, or skip such rows with the"
                                    + " source's on.bad.row=skip (--set bad.rows=skip with the csv profiles)");
                        }
                        badRows++;
                        LOG.warning(message + "; skipped");
                    }
                }
                if (badRows > 0) {
                    LOG.warning(path + ": skipped " + badRows + " malformed rows");
                }
                if (emitted == 0 && !ended) {
                    ended = true;
                    throw new SourceException(path + ": no usable row: " + (line == 0 ? "the file is empty"
                            : layout == null ? "the file holds only blank lines"
                            : badRows > 0 ? "all " + badRows + " data rows are malformed (warnings above)"
                            : dataRows > 0 ? "all " + dataRows + " data rows were skipped (skip.rows=" + skipRows + ")"
                            : "the file holds a header and no data rows")
                            + "; give a blendshape CSV with at least one row of 52 scores and a label");
                }
                ended = true;
                return null;
            } catch (UncheckedIOException | IllegalStateException e) {
                throw new SourceException("cannot read blendshape CSV " + path + " after line " + line + ": "
                        + e.getMessage(), e);
            }
        }

        private BlendshapeCsv layout(String[] firstRow) throws SourceException {
            try {
                return BlendshapeCsv.detect(firstRow);
            } catch (BlendshapeCsv.BadRow e) {
                throw new SourceException(path + ":" + line + ": not a blendshape CSV: " + e.getMessage());
            }
        }

        private Frame frame(BlendshapeCsv.Row row, long rowNumber) {
            long index = emitted++;
            Map<String, String> attributes = new HashMap<>();
            attributes.put(Face.TRUTH, row.label());
            attributes.put(Face.SOURCE_INDEX, Long.toString(row.sourceIndex() >= 0 ? row.sourceIndex() : rowNumber));
            Face face = new Face(0, null, 1f, null, row.scores(), attributes);
            return new Frame(path.getFileName().toString(), index, Math.round(index * 1_000_000 / fps), null,
                    List.of(face));
        }

        @Override
        public void close() {
            try {
                parser.close();
            } catch (IOException e) {
                LOG.fine(() -> "closing " + path + ": " + e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return "csv:" + path.getFileName();
    }
}
