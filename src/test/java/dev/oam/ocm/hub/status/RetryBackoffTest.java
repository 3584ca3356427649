package dev.oam.ocm.hub.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryBackoffTest {

    @ParameterizedTest(name = "after {0} failure(s) wait {1} s")
    @CsvSource({
            "1, 2",
            "2, 4",
            "3, 8",
            "4, 16",
            "5, 32",
            "6, 64",
            "7, 128",
            "8, 256",
            "9, 300",
            "10, 300",
            "64, 300",
            "2147483647, 300"})
    void doublesFromTwoSecondsUpToFiveMinutes(int failures, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), RetryBackoff.delay(new RetryBackoff.Failures("same", failures)),
                "expected the wait after " + failures + " failure(s)");
    }

    @Test
    void countsFailuresWhileTheInputsStayTheSame() {
        RetryBackoff.Failures first = RetryBackoff.after(null, "gen 1");
        RetryBackoff.Failures third = RetryBackoff.after(RetryBackoff.after(first, "gen 1"), "gen 1");
        assertEquals(3, third.count(), "expected failures with unchanged inputs to add up");
    }

    @Test
    void startsAgainWhenTheSpecOrAWatchedObjectChanged() {
        RetryBackoff.Failures many = new RetryBackoff.Failures("gen 1", 9);
        RetryBackoff.Failures afterChange = RetryBackoff.after(many, "gen 2");
        assertEquals(1, afterChange.count(), "expected a change of the inputs to reset the count");
        assertEquals(RetryBackoff.FIRST, RetryBackoff.delay(afterChange), "expected the first wait again");
    }

    @Test
    void startsAtTheFirstWaitAfterASuccess() {
        assertEquals(RetryBackoff.FIRST, RetryBackoff.delay(RetryBackoff.after(null, "gen 1")),
                "expected no memory of failures before a success");
    }
}
