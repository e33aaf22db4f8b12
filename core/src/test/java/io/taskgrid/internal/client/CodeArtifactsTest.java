package io.taskgrid.internal.client;

import io.taskgrid.Job;
import io.taskgrid.internal.protocol.ArtifactRef;
import io.taskgrid.testing.TestJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class CodeArtifactsTest {

    @TempDir
    Path directory;

    private final CodeArtifacts artifacts = new CodeArtifacts();

    @Test
    void theJdkAndTaskgridItselfAreNeverShipped() {
        assertThat(artifacts.forJob(Set.of(String.class, List.class, Job.class), List.of())).isEmpty();
    }

    @Test
    void aJarTravelsAsItIsNamedByTheHashOfItsBytes() throws Exception {
        Path jar = TestJars.compile(directory.resolve("app.jar"),
                java.util.Map.of("com.acme.A", "package com.acme; public class A {}"));

        List<ArtifactRef> refs = artifacts.forJob(Set.of(), List.of(jar));

        assertThat(refs).singleElement().satisfies(ref -> {
            assertThat(ref.name()).isEqualTo("app.jar");
            assertThat(ref.size()).isEqualTo(Files.size(jar));
            assertThat(ref.hash()).isEqualTo(CodeArtifacts.sha256(Files.newInputStream(jar)));
        });
    }

    @Test
    void aClassesDirectoryIsPackedTheSameWayEveryTime() throws Exception {
        Path classes = Files.createDirectories(directory.resolve("classes/com/acme"));
        Files.writeString(classes.resolve("B.class"), "not really a class, but bytes to pack");
        Files.writeString(classes.resolve("C.class"), "more bytes");
        Path root = directory.resolve("classes");

        ArtifactRef first = artifacts.forJob(Set.of(), List.of(root)).get(0);
        ArtifactRef again = new CodeArtifacts().forJob(Set.of(), List.of(root)).get(0);

        assertThat(again.hash()).as("same files, same hash, whenever they are packed").isEqualTo(first.hash());
        try (InputStream in = artifacts.open(first.hash()); JarInputStream jar = new JarInputStream(in)) {
            assertThat(jar.getNextJarEntry().getName()).isEqualTo("com/acme/B.class");
            assertThat(jar.getNextJarEntry().getName()).isEqualTo("com/acme/C.class");
        }
    }

    @Test
    void theClassesOfThisTestComeFromTheirClassesDirectory() {
        List<ArtifactRef> refs = artifacts.forJob(Set.of(CodeArtifactsTest.class), List.of());

        assertThat(refs).singleElement().satisfies(ref -> assertThat(ref.name()).isEqualTo("test-classes.jar"));
    }
}
