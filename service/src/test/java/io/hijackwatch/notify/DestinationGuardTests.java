package io.hijackwatch.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hijackwatch.notify.Receiver.Answer;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * No URL a tenant gives can make the service connect to its own network: every form of a private address is refused
 * before a connection is made, by the same client that sends notifications, with a real receiver listening on the
 * loopback interface that must hear nothing.
 */
class DestinationGuardTests {

    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

    private Receiver receiver;

    @BeforeEach
    void listen() throws Exception {
        receiver = new Receiver(Answer.ok());
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "http://127.0.0.1:PORT/hook | a loopback address",
                "http://localhost:PORT/hook | a loopback address",
                "http://2130706433:PORT/hook | a loopback address",
                "http://127.1:PORT/hook | The URL has no host",
                "http://[::1]:PORT/hook | a loopback address",
                "http://[::ffff:127.0.0.1]:PORT/hook | a loopback address",
                "http://[::ffff:7f00:1]:PORT/hook | a loopback address",
                "http://169.254.169.254/latest/meta-data/ | a link-local address",
                "http://[::ffff:169.254.169.254]/latest/meta-data/ | a link-local address",
                "http://[64:ff9b::a9fe:a9fe]/latest/meta-data/ | a link-local address",
                "http://[2002:a9fe:a9fe::1]/ | a link-local address",
                "http://10.0.0.5/ | a private address",
                "http://172.16.8.1/ | a private address",
                "http://192.168.1.1/ | a private address",
                "http://100.64.0.1/ | a carrier-grade NAT address",
                "http://0.0.0.0:PORT/ | an unspecified address",
                "http://[::]:PORT/ | an unspecified address",
                "http://224.0.0.1/ | a multicast address",
                "http://[fd00::1]/ | a unique-local address",
                "http://[fe80::1]/ | a link-local address",
                "http://internal.corp.test:PORT/ | a private address",
                "http://0x7f000001:PORT/ | cannot be resolved"
            })
    void privateDestinationIsRefusedBeforeAnyConnection(String url, String why) {
        DestinationPolicy policy = policy(List.of());
        URI target = URI.create(url.replace("PORT", Integer.toString(receiver.port())));

        assertThatThrownBy(() -> policy.check(target))
                .isInstanceOf(RefusedDestinationException.class)
                .hasMessageContaining(why);
        ReceiverClient.Response response = send(policy, target);

        assertThat(response.delivered()).isFalse();
        assertThat(response.error()).contains(why);
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void nameThatResolvesPublicAtRegistrationAndPrivateAtSendIsRefusedAtSend() {
        AtomicInteger lookups = new AtomicInteger();
        DestinationPolicy policy = new DestinationPolicy(Set.of("rebind.test"), List.of(), host -> {
            if (!host.equals("rebind.test")) {
                throw new UnknownHostException(host);
            }
            return lookups.getAndIncrement() == 0
                    ? new InetAddress[] {InetAddress.getByName("93.184.216.34")}
                    : new InetAddress[] {InetAddress.getLoopbackAddress()};
        });
        URI target = URI.create("http://rebind.test:" + receiver.port() + "/hook");

        assertThat(policy.refusal(resolveFirst(policy, "rebind.test"))).isNull();
        ReceiverClient.Response response = send(policy, target);

        assertThat(response.error()).contains("rebind.test resolves to 127.0.0.1, a loopback address");
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void nameWithOnePrivateAddressAmongPublicOnesIsRefused() {
        DestinationPolicy policy = new DestinationPolicy(Set.of(), List.of(), host ->
                new InetAddress[] {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.9.8.7")});

        assertThatThrownBy(() -> policy.check(URI.create("https://mixed.example.com/hook")))
                .hasMessageContaining("10.9.8.7, a private address");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "https://user:secret@hooks.example.com/x | must not carry a user name or password",
                "http://hooks.example.com/x | Only https URLs are allowed",
                "ftp://hooks.example.com/x | Only https URLs are allowed",
                "file:///etc/passwd | The URL has no host",
                "/relative/path | must be absolute"
            })
    void urlOfTheWrongFormIsRefused(String url, String why) {
        assertThatThrownBy(() -> policy(List.of()).checkForm(URI.create(url)))
                .isInstanceOf(RefusedDestinationException.class)
                .hasMessageContaining(why);
    }

    @Test
    void rangeTheOperatorAllowsIsReached() {
        DestinationPolicy policy = policy(List.of("127.0.0.0/8"));

        ReceiverClient.Response response = send(policy, URI.create(receiver.url("/allowed")));

        assertThat(response.delivered()).isTrue();
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void publicAddressIsAllowed() throws Exception {
        DestinationPolicy policy = policy(List.of());

        for (String address : List.of("93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8")) {
            assertThat(policy.refusal(InetAddress.getByName(address)))
                    .as(address)
                    .isNull();
        }
    }

    private static InetAddress resolveFirst(DestinationPolicy policy, String host) {
        try {
            return policy.resolve(host)[0];
        } catch (RefusedDestinationException e) {
            throw new AssertionError(e);
        }
    }

    /** Plain http to every host (so that only addresses are judged), and a name the test's own DNS answers. */
    private static DestinationPolicy policy(List<String> allowedNetworks) {
        Set<String> anyHost = new java.util.HashSet<>(List.of(
                "127.0.0.1",
                "localhost",
                "2130706433",
                "127.1",
                "::1",
                "::ffff:127.0.0.1",
                "::ffff:7f00:1",
                "169.254.169.254",
                "::ffff:169.254.169.254",
                "64:ff9b::a9fe:a9fe",
                "2002:a9fe:a9fe::1",
                "10.0.0.5",
                "172.16.8.1",
                "192.168.1.1",
                "100.64.0.1",
                "0.0.0.0",
                "::",
                "224.0.0.1",
                "fd00::1",
                "fe80::1",
                "internal.corp.test",
                "0x7f000001"));
        return new DestinationPolicy(
                anyHost,
                allowedNetworks,
                host -> host.equals("internal.corp.test")
                        ? new InetAddress[] {InetAddress.getByName("10.20.30.40")}
                        : InetAddress.getAllByName(host));
    }

    private static ReceiverClient.Response send(DestinationPolicy policy, URI target) {
        NotificationProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                        "hijackwatch.notifications.connect-timeout", "1s",
                        "hijackwatch.notifications.response-timeout", "1s")))
                .bindOrCreate("hijackwatch.notifications", NotificationProperties.class);
        try (ReceiverClient client = new ReceiverClient(policy, properties)) {
            return client.post(target, Map.of(), BODY);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
