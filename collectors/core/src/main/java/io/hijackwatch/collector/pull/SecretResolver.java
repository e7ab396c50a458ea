package io.hijackwatch.collector.pull;

/**
 * Turns a secret reference from a source's settings into the secret, at the moment a collector needs it. The service
 * decides which references a tenant may use (which environment variables and which folders), so a collector never
 * reads a secret by any other way.
 */
@FunctionalInterface
public interface SecretResolver {

    /**
     * @param reference {@code env:NAME} or {@code file:/path}
     * @return the secret, without a trailing line break
     * @throws CollectorException (permanent) when the reference is not allowed or names nothing; the message names
     *     the reference, never the secret
     */
    String resolve(String reference) throws CollectorException;
}
