package io.hijackwatch.collector.aws;

import io.hijackwatch.collector.pull.InvalidSourceSettingsException;
import io.hijackwatch.collector.pull.SourceConfig;
import io.hijackwatch.collector.pull.SourceSetting;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a source reaches an AWS account: the region, and whose credentials. Without keys the SDK's default chain
 * (environment, profile, container or instance role) signs; with a role ARN those credentials assume the role
 * through STS, with the external id the role's trust policy asks for.
 *
 * @param region the AWS region, such as {@code eu-west-1}
 * @param roleArn the role to assume, when the account is another one
 * @param externalId the external id of the role's trust policy
 * @param accessKeyIdReference a secret reference to an access key id
 * @param secretAccessKeyReference a secret reference to its secret access key
 */
record AwsAccess(
        String region,
        Optional<String> roleArn,
        Optional<String> externalId,
        Optional<String> accessKeyIdReference,
        Optional<String> secretAccessKeyReference) {

    static final String REGION = "region";
    static final String ROLE_ARN = "roleArn";
    static final String EXTERNAL_ID = "externalId";
    static final String ACCESS_KEY_ID = "accessKeyId";
    static final String SECRET_ACCESS_KEY = "secretAccessKey";

    private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ROLE = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern EXTERNAL_ID_VALUE = Pattern.compile("[\\w+=,.@:/-]{2,1224}");

    /** The settings every AWS pull kind shares. */
    static List<SourceSetting> settings() {
        return List.of(
                SourceSetting.required(REGION, "The AWS region to read, such as eu-west-1."),
                SourceSetting.optional(
                        ROLE_ARN,
                        "A role in the account to assume through STS; the collector's own credentials sign"
                                + " the AssumeRole call."),
                SourceSetting.optional(EXTERNAL_ID, "The external id the role's trust policy requires."),
                SourceSetting.secret(
                        ACCESS_KEY_ID,
                        "A reference (env:NAME or file:/path) to an access key id; without it the"
                                + " default AWS credentials chain of the service is used."),
                SourceSetting.secret(SECRET_ACCESS_KEY, "A reference to the secret access key of accessKeyId."));
    }

    /** @throws InvalidSourceSettingsException when a setting is missing, malformed or lacks its partner */
    static AwsAccess from(SourceConfig config) {
        String region = config.requiredSetting(REGION);
        if (!REGION_NAME.matcher(region).matches()) {
            throw new InvalidSourceSettingsException("The setting region is not an AWS region name: " + region);
        }
        Optional<String> roleArn = config.setting(ROLE_ARN);
        roleArn.filter(arn -> !ROLE.matcher(arn).matches()).ifPresent(arn -> {
            throw new InvalidSourceSettingsException("The setting roleArn is not an IAM role ARN: " + arn);
        });
        Optional<String> externalId = config.setting(EXTERNAL_ID);
        checkExternalId(roleArn, externalId);
        Optional<String> keyId = config.setting(ACCESS_KEY_ID);
        Optional<String> secret = config.setting(SECRET_ACCESS_KEY);
        if (keyId.isPresent() != secret.isPresent()) {
            throw new InvalidSourceSettingsException(
                    "The settings accessKeyId and secretAccessKey go together: set both or neither.");
        }
        return new AwsAccess(region, roleArn, externalId, keyId, secret);
    }

    private static void checkExternalId(Optional<String> roleArn, Optional<String> externalId) {
        if (externalId.isPresent() && roleArn.isEmpty()) {
            throw new InvalidSourceSettingsException("The setting externalId needs roleArn: it belongs to a role.");
        }
        if (externalId.isPresent()
                && !EXTERNAL_ID_VALUE.matcher(externalId.get()).matches()) {
            throw new InvalidSourceSettingsException(
                    "The setting externalId may hold 2 to 1224 letters, digits and + = , . @ : / _ -.");
        }
    }
}
