package io.hijackwatch;

import io.hijackwatch.detect.RuleCheckCommand;
import io.hijackwatch.scan.ScanCommand;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * One jar: with no arguments it runs the service; {@code scan} reads log files offline and {@code check-rules} checks
 * rule files, both starting neither Spring nor a database.
 */
@SpringBootApplication
public class HijackwatchApplication {

    public static void main(String[] args) {
        if (args.length > 0 && ScanCommand.NAME.equals(args[0])) {
            System.exit(ScanCommand.run(args));
        }
        if (args.length > 0 && RuleCheckCommand.NAME.equals(args[0])) {
            System.exit(RuleCheckCommand.run(args));
        }
        SpringApplication.run(HijackwatchApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
