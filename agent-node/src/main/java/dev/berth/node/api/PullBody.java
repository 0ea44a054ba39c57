package dev.berth.node.api;

/** The body of {@code POST /v1/images/pull}: {@code {image, platform?}}. */
public record PullBody(String image, String platform) {}
