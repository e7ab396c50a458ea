package io.hijackwatch;

import io.hijackwatch.scan.ScanCommand;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * One jar, two uses: with no arguments it runs the service; with {@code scan} it reads log files offline and starts
 * neither Spring nor a database.
 */
@SpringBootApplication
public class HijackwatchApplication {

    public static void main(String[] args) {
        if (args.length > 0 && ScanCommand.NAME.equals(args[0])) {
            System.exit(ScanCommand.run(args));
        }
        SpringApplication.run(HijackwatchApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
