package io.hijackwatch.bench.jmh;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.cloudtrail.CloudTrailParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The CloudTrail parser over one in-memory gzip delivery file of the benchmark corpus, on one thread: decompression,
 * reading and normalization. The score is events per second.
 *
 * <p>{@code path}: {@code direct} is a file as S3 delivers it, read with one parser; {@code framed} is the same file
 * behind a leading space, which goes through the framer first. {@code attributes}: {@code deferred} leaves request
 * and response values as bytes, as an event no attribute rule looks at; {@code read} reads every event's attribute
 * map, which flattens them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(CloudTrailParserBenchmark.EVENTS)
public class CloudTrailParserBenchmark {

    static final int EVENTS = 20_000;

    @Param({"direct", "framed"})
    public String path;

    @Param({"deferred", "read"})
    public String attributes;

    private final CloudTrailParser parser = new CloudTrailParser();
    private byte[] file;

    @Setup
    public void generate() {
        byte[] delivered = Corpus.deliveryFile(EVENTS);
        file = "framed".equals(path) ? Corpus.framedVariant(delivered) : delivered;
    }

    @Benchmark
    public long parse(Blackhole blackhole) throws IOException {
        boolean readAttributes = "read".equals(attributes);
        long[] events = new long[1];
        parser.parse(new ByteArrayInputStream(file), new ParseListener() {
            @Override
            public void onEvent(NormalizedEvent event) {
                events[0]++;
                blackhole.consume(readAttributes ? event.attributes().size() : event.action());
            }

            @Override
            public void onRejected(Rejection rejection) {
                throw new IllegalStateException("the corpus holds no bad record: " + rejection);
            }
        });
        if (events[0] < EVENTS) {
            throw new IllegalStateException("read " + events[0] + " events, expected " + EVENTS);
        }
        return events[0];
    }
}
