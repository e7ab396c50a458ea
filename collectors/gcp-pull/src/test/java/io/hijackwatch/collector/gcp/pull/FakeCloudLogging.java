package io.hijackwatch.collector.gcp.pull;

import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.ListLogEntriesResponse;
import com.google.logging.v2.LogEntry;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Cloud Logging's {@code ListLogEntries} as a plaintext gRPC server on localhost. It holds entries like a project
 * does, answers the filter the collector sends (log names and a timestamp range) oldest first, returns at most a few
 * entries a page with a page token, and fails requests on demand. Every request it received is kept.
 */
public final class FakeCloudLogging implements AutoCloseable {

    private static final String SERVICE = "google.logging.v2.LoggingServiceV2";
    private static final MethodDescriptor<ListLogEntriesRequest, ListLogEntriesResponse> LIST_LOG_ENTRIES =
            MethodDescriptor.<ListLogEntriesRequest, ListLogEntriesResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "ListLogEntries"))
                    .setRequestMarshaller(ProtoUtils.marshaller(ListLogEntriesRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(ListLogEntriesResponse.getDefaultInstance()))
                    .build();
    private static final Pattern LOG_NAME = Pattern.compile("logName=\"([^\"]+)\"");
    private static final Pattern FROM = Pattern.compile("timestamp >= \"([^\"]+)\"");
    private static final Pattern TO = Pattern.compile("timestamp < \"([^\"]+)\"");

    private final Server server;
    private final List<LogEntry> entries = new ArrayList<>();
    private final List<ListLogEntriesRequest> requests = new ArrayList<>();
    private final List<Long> arrivals = new ArrayList<>();
    private final Deque<Status> failures = new ArrayDeque<>();
    private int entriesPerPage = 1000;

    public FakeCloudLogging() throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(LIST_LOG_ENTRIES, ServerCalls.asyncUnaryCall(this::listLogEntries))
                .build();
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(service)
                .build()
                .start();
    }

    public URI endpoint() {
        return URI.create("http://localhost:" + server.getPort());
    }

    public synchronized void add(List<LogEntry> more) {
        entries.addAll(more);
    }

    public synchronized void add(LogEntry entry) {
        entries.add(entry);
    }

    /** Cloud Logging returns fewer entries a page than asked for when it likes; this fake returns at most these. */
    public synchronized void entriesPerPage(int count) {
        entriesPerPage = count;
    }

    /** The next requests fail with these statuses, one each, before requests are answered again. */
    public synchronized void failNext(Status status, int times) {
        for (int i = 0; i < times; i++) {
            failures.add(status);
        }
    }

    public synchronized List<ListLogEntriesRequest> requests() {
        return List.copyOf(requests);
    }

    /** When each request arrived, in {@link System#nanoTime()}. */
    public synchronized List<Long> arrivals() {
        return List.copyOf(arrivals);
    }

    private synchronized void listLogEntries(
            ListLogEntriesRequest request, StreamObserver<ListLogEntriesResponse> response) {
        requests.add(request);
        arrivals.add(System.nanoTime());
        if (!failures.isEmpty()) {
            response.onError(failures.poll().asRuntimeException());
            return;
        }
        List<LogEntry> matching = matching(request.getFilter());
        int offset = request.getPageToken().isEmpty()
                ? 0
                : Integer.parseInt(request.getPageToken().substring(5));
        int end = Math.min(matching.size(), offset + Math.min(entriesPerPage, request.getPageSize()));
        ListLogEntriesResponse.Builder page =
                ListLogEntriesResponse.newBuilder().addAllEntries(matching.subList(offset, end));
        if (end < matching.size()) {
            page.setNextPageToken("page-" + end);
        }
        response.onNext(page.build());
        response.onCompleted();
    }

    private List<LogEntry> matching(String filter) {
        Set<String> logNames =
                LOG_NAME.matcher(filter).results().map(m -> m.group(1)).collect(Collectors.toSet());
        Instant from = instant(FROM, filter);
        Instant to = instant(TO, filter);
        return entries.stream()
                .filter(entry -> logNames.contains(entry.getLogName()))
                .filter(entry -> !time(entry).isBefore(from) && time(entry).isBefore(to))
                .sorted(Comparator.comparing(FakeCloudLogging::time))
                .collect(Collectors.toList());
    }

    private static Instant instant(Pattern pattern, String filter) {
        Matcher matcher = pattern.matcher(filter);
        if (!matcher.find()) {
            throw Status.INVALID_ARGUMENT
                    .withDescription("no timestamp bound in " + filter)
                    .asRuntimeException();
        }
        return Instant.parse(matcher.group(1));
    }

    private static Instant time(LogEntry entry) {
        return Instant.ofEpochSecond(
                entry.getTimestamp().getSeconds(), entry.getTimestamp().getNanos());
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
