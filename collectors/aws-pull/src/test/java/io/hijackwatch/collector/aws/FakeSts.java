package io.hijackwatch.collector.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** STS's AssumeRole as the query protocol carries it: a form-encoded request and an XML answer. */
public final class FakeSts {

    public static final String ASSUMED_KEY_ID = "ASIAFAKEASSUMED00001";

    private final List<Map<String, String>> assumeRoleCalls = new CopyOnWriteArrayList<>();

    public String assumeRole(String form) {
        assumeRoleCalls.add(parameters(form));
        Instant expiration = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        return """
                <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleResult>
                    <AssumedRoleUser>
                      <AssumedRoleId>AROAFAKEROLE:session</AssumedRoleId>
                      <Arn>arn:aws:sts::444455556666:assumed-role/HijackwatchReader/session</Arn>
                    </AssumedRoleUser>
                    <Credentials>
                      <AccessKeyId>%s</AccessKeyId>
                      <SecretAccessKey>fakeAssumedSecret</SecretAccessKey>
                      <SessionToken>fakeSessionToken</SessionToken>
                      <Expiration>%s</Expiration>
                    </Credentials>
                  </AssumeRoleResult>
                  <ResponseMetadata><RequestId>fake-request</RequestId></ResponseMetadata>
                </AssumeRoleResponse>
                """.formatted(ASSUMED_KEY_ID, expiration);
    }

    /** The parameters of every AssumeRole call so far, such as {@code RoleArn} and {@code ExternalId}. */
    public List<Map<String, String>> assumeRoleCalls() {
        return List.copyOf(assumeRoleCalls);
    }

    private static Map<String, String> parameters(String form) {
        Map<String, String> parameters = new TreeMap<>();
        for (String pair : form.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(
                        URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }
}
