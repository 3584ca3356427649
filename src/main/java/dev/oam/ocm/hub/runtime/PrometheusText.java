package dev.oam.ocm.hub.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.DoubleSupplier;

/**
 * The operator's few dozen series, written in Prometheus' text format (version 0.0.4). A metrics library would
 * load a few hundred classes and keep meters, histograms and naming conventions the operator does not use: about
 * 3.5 MiB of resident memory for ten counters and gauges (README, Benchmarks).
 * <p>
 * A series is a family name plus its labels, given as name/value pairs; its value is read when scraped. Families
 * come out sorted by name, each with its HELP and TYPE once, so a scrape reads the same from one call to the next.
 */
final class PrometheusText {
    enum Type {
        counter, gauge
    }

    private record Family(Type type, String help, Map<String, DoubleSupplier> series) {
    }

    private final Map<String, Family> families = new ConcurrentSkipListMap<>();

    /** The counter of that name and labels, created at 0 the first time. */
    DoubleAdder counter(String name, String help, String... labels) {
        return (DoubleAdder) family(name, Type.counter, help).series()
                .computeIfAbsent(labelText(labels), l -> new Adder());
    }

    /** A series whose value {@code value} gives at each scrape (a gauge, or a counter kept elsewhere). */
    void sampled(String name, Type type, String help, DoubleSupplier value, String... labels) {
        family(name, type, help).series().put(labelText(labels), value);
    }

    /** Drops one series; the family stays (with no series it is not written). */
    void remove(String name, String... labels) {
        Family family = families.get(name);
        if (family != null) {
            family.series().remove(labelText(labels));
        }
    }

    String scrape() {
        StringBuilder out = new StringBuilder(4096);
        families.forEach((name, family) -> {
            if (family.series().isEmpty()) {
                return;
            }
            out.append("# HELP ").append(name).append(' ').append(family.help()).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(family.type()).append('\n');
            new ConcurrentSkipListMap<>(family.series()).forEach((labels, value) ->
                    out.append(name).append(labels).append(' ').append(number(value.getAsDouble())).append('\n'));
        });
        return out.toString();
    }

    private Family family(String name, Type type, String help) {
        Family family = families.computeIfAbsent(name, n -> new Family(type, help, new ConcurrentHashMap<>()));
        if (family.type() != type) {
            throw new IllegalArgumentException(name + " is a " + family.type() + ", not a " + type);
        }
        return family;
    }

    /** {@code {a="1",b="2"}}, or nothing without labels. */
    static String labelText(String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come as name/value pairs");
        }
        if (labels.length == 0) {
            return "";
        }
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < labels.length; i += 2) {
            if (i > 0) {
                text.append(',');
            }
            text.append(labels[i]).append("=\"");
            String value = labels[i + 1];
            for (int c = 0; c < value.length(); c++) {
                char ch = value.charAt(c);
                switch (ch) {
                    case '\\' -> text.append("\\\\");
                    case '"' -> text.append("\\\"");
                    case '\n' -> text.append("\\n");
                    default -> text.append(ch);
                }
            }
            text.append('"');
        }
        return text.append('}').toString();
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(value);
    }

    /** A counter is read like any other series. */
    private static final class Adder extends DoubleAdder implements DoubleSupplier {
        @Override
        public double getAsDouble() {
            return sum();
        }
    }
}
