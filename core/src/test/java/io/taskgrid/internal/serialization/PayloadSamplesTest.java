package io.taskgrid.internal.serialization;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every value of {@link PayloadSamples} comes back as it went, in this JVM (which surefire starts
 * with the flags of jvm.options; {@link PayloadWithoutFlagsTest} runs the same samples without).
 */
class PayloadSamplesTest {

    private final PayloadCodec codec = new PayloadCodec(getClass().getClassLoader());

    static List<PayloadSamples.Sample> samples() {
        return PayloadSamples.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void comesBackAsItWent(PayloadSamples.Sample sample) {
        assertThat(sample.check(codec)).as(sample.name()).isNull();
    }
}
