/**
 * The contract between the service and the collectors that fetch audit logs by themselves.
 *
 * <p>A {@link io.hijackwatch.collector.pull.SourceCollectorFactory} names a kind of source (for example
 * {@code aws-sqs}) and opens a {@link io.hijackwatch.collector.pull.SourceCollector} for one registered source. The
 * service calls {@link io.hijackwatch.collector.pull.SourceCollector#poll} from exactly one replica at a time; the
 * collector reads what is new after the {@link io.hijackwatch.collector.pull.Cursor} and hands it to the
 * {@link io.hijackwatch.collector.pull.BatchSink} in batches, each carrying the cursor that covers it. The sink stores
 * a batch's events, the detection state and alerts they produce and the cursor in one transaction, so a crash at any
 * point replays events (which the store drops as duplicates) and never skips them.
 */
package io.hijackwatch.collector.pull;
