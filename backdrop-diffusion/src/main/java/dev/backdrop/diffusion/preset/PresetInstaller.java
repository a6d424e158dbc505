package dev.backdrop.diffusion.preset;

import dev.backdrop.diffusion.convert.ConversionSources;
import dev.backdrop.diffusion.convert.DiffusionModelResolver;
import dev.backdrop.diffusion.convert.PipelineConverter;
import dev.backdrop.diffusion.hub.DownloadProgress;
import dev.backdrop.diffusion.hub.FetchedSnapshot;
import dev.backdrop.diffusion.hub.HubClient;
import dev.backdrop.diffusion.hub.HubFetchRequest;
import dev.backdrop.diffusion.hub.HubRepoRef;
import dev.backdrop.model.FetchProgress;
import dev.backdrop.model.ModelCache;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Installs a preset: fetches the files of each of its repositories from the hub (verified, the
 * revision pinned at the first fetch), then converts them, once, into the runnable folder that
 * {@code --diffusion-model NAME} uses. A second install with nothing new to fetch converts nothing.
 */
public final class PresetInstaller {

    private final HubClient hub;
    private final ModelCache cache;

    public PresetInstaller(HubClient hub, ModelCache cache) {
        this.hub = hub;
        this.cache = cache;
    }

    /** What an install did. */
    public record Installed(Path folder, long downloadedBytes, boolean converted) {
    }

    public Installed install(Preset preset, boolean update, DownloadProgress downloads, FetchProgress conversion) {
        long downloaded = 0;
        FetchedSnapshot pipeline = fetch(preset, preset.pipeline(), update, downloads);
        downloaded += pipeline.downloadedBytes();
        Optional<Path> controlNet = Optional.empty();
        if (preset.controlNet().isPresent()) {
            FetchedSnapshot cn = fetch(preset, preset.controlNet().get(), update, downloads);
            downloaded += cn.downloadedBytes();
            controlNet = Optional.of(cn.folder());
        }
        Optional<ConversionSources.IpAdapterFiles> ipAdapter = Optional.empty();
        if (preset.ipAdapter().isPresent()) {
            Preset.IpAdapterSource source = preset.ipAdapter().get();
            FetchedSnapshot ip = fetch(preset, source.source(), update, downloads);
            downloaded += ip.downloadedBytes();
            ipAdapter = Optional.of(new ConversionSources.IpAdapterFiles(ip.file(source.weights()),
                    ip.folder().resolve(source.imageEncoder())));
        }
        ConversionSources sources = new ConversionSources(pipeline.folder(), controlNet, ipAdapter,
                preset.fetchesFp16Variants()).withPrecision(preset.precision());
        if (preset.consistencyLora().isPresent()) {
            Preset.LoraSource lora = preset.consistencyLora().get();
            FetchedSnapshot fetched = fetch(preset, lora.source(), update, downloads);
            downloaded += fetched.downloadedBytes();
            sources = sources.withLora(new ConversionSources.LoraFile(fetched.file(lora.weights()), lora.scale()))
                    .withLcmScheduler(true);
        }
        Path folder = DiffusionModelResolver.presetFolder(cache, preset.name());
        boolean fresh = !PipelineConverter.upToDate(sources, folder);
        PipelineConverter.convert(sources, folder, conversion);
        return new Installed(folder, downloaded, fresh);
    }

    private FetchedSnapshot fetch(Preset preset, Preset.Source source, boolean update, DownloadProgress progress) {
        return hub.fetch(new HubFetchRequest(HubRepoRef.parse(source.repo()),
                preset.files(source), update), progress);
    }
}
