package io.hijackwatch.detect;

import io.hijackwatch.bench.jmh.Corpus;
import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.cloudtrail.CloudTrailParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The detection engine over events parsed beforehand (their attributes already flattened), on one thread, with the
 * shipped rule pack or with every rule of it twice (each copy under its own id). Indexing by provider, service and
 * action keeps the cost close to flat: only rules that can match an event are tried, so a copy costs something only
 * on the events its original is tried on. The score is events per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(DetectionEngineBenchmark.EVENTS)
public class DetectionEngineBenchmark {

    static final int EVENTS = 20_000;

    @Param({"pack", "pack-twice"})
    public String rules;

    private List<NormalizedEvent> events;
    private DetectionEngine engine;
    private DetectionState state;
    private int ruleCount;

    @Setup
    public void prepare() throws IOException {
        List<Rule> pack = new RuleLoader().load((Path) null).rules();
        List<Rule> chosen = new ArrayList<>(pack);
        if ("pack-twice".equals(rules)) {
            pack.forEach(rule -> chosen.add(copyOf(rule)));
        }
        ruleCount = chosen.size();
        engine = new DetectionEngine(chosen, AutomationPrincipals.NONE);
        events = parse(Corpus.deliveryFile(EVENTS));
    }

    @Setup(Level.Iteration)
    public void freshState() {
        state = new DetectionState();
    }

    @Benchmark
    public long evaluate() {
        long[] findings = new long[1];
        for (NormalizedEvent event : events) {
            engine.evaluate(event, state, Set.of(), finding -> findings[0]++);
        }
        return findings[0] + ruleCount;
    }

    private static List<NormalizedEvent> parse(byte[] file) throws IOException {
        List<NormalizedEvent> parsed = new ArrayList<>();
        new CloudTrailParser().parse(new ByteArrayInputStream(file), new ParseListener() {
            @Override
            public void onEvent(NormalizedEvent event) {
                event.attributes().size();
                parsed.add(event);
            }

            @Override
            public void onRejected(Rejection rejection) {
                throw new IllegalStateException("the corpus holds no bad record: " + rejection);
            }
        });
        return List.copyOf(parsed.subList(0, EVENTS));
    }

    private static Rule copyOf(Rule rule) {
        return new Rule(
                rule.id() + ".copy",
                rule.title(),
                rule.description(),
                rule.technique(),
                rule.severity(),
                rule.provider(),
                rule.references(),
                rule.runbook(),
                rule.falsePositives(),
                rule.when(),
                rule.unless(),
                rule.severityIf(),
                rule.mode(),
                rule.summary(),
                rule.dedupKey(),
                rule.dedupWindow(),
                rule.tests(),
                rule.evidenceFields(),
                rule.excludeAutomation(),
                rule.source());
    }
}
