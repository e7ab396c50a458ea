package io.hijackwatch.collector.aws;

/** One object in S3, as a notification names it (the key already decoded). */
record S3Location(String bucket, String key) {

    /** {@code s3://bucket/key}, the way people name an object in messages. */
    String uri() {
        return "s3://" + bucket + "/" + key;
    }
}
