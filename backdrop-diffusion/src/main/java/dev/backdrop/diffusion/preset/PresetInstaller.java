package dev.backdrop.diffusion.preset;

import dev.backdrop.diffusion.convert.ConversionSources;
import dev.backdrop.diffusion.convert.PipelineConverter;
import dev.backdrop.diffusion.graph.Precision;
import dev.backdrop.diffusion.hub.ByteCount;
import dev.backdrop.diffusion.hub.DownloadProgress;
import dev.backdrop.diffusion.hub.FetchedSnapshot;
import dev.backdrop.diffusion.hub.HubClient;
import dev.backdrop.diffusion.hub.FileSelection;
import dev.backdrop.diffusion.hub.HubFetchRequest;
import dev.backdrop.diffusion.hub.HubFile;
import dev.backdrop.diffusion.hub.HubRepoRef;
import dev.backdrop.diffusion.hub.NotEnoughDiskSpaceException;
import dev.backdrop.model.FetchProgress;
import dev.backdrop.model.ModelCache;
import dev.backdrop.model.ModelUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
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
        checkDiskSpace(preset, update);
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

    /**
     * Refuses before the first byte when the preset's downloads and its conversion together do not fit:
     * a 20 GB install should not fail at its last repository or in the middle of writing a graph.
     * The conversion's size is estimated from the weights: as large as float32 weights, twice fp16
     * ones, and half of that for float16 graphs.
     */
    private void checkDiskSpace(Preset preset, boolean update) {
        long download = 0;
        long weights = 0;
        for (Preset.Source source : preset.sources()) {
            HubClient.FetchPlan plan = hub.plan(request(preset, source, update));
            download += plan.bytesToDownload();
            for (HubFile file : plan.selected()) {
                if (file.path().endsWith(".safetensors")) {
                    weights += FileSelection.isVariant(file.path()) ? 2 * file.size() : file.size();
                }
            }
        }
        Path folder = DiffusionModelResolver.presetFolder(cache, preset.name());
        boolean converted = Files.isRegularFile(folder.resolve("conversion.json"));
        long conversionBytes = converted && download == 0 ? 0
                : preset.precision() == Precision.FLOAT16 ? weights / 2 : weights;
        long needed = download + conversionBytes;
        try {
            long usable = hub.usableBytes();
            if (usable < needed) {
                throw new NotEnoughDiskSpaceException("the preset " + preset.name(), "its downloads ("
                        + ByteCount.format(download) + ") and its conversion (about " + ByteCount.format(conversionBytes)
                        + ") take", cache.directory(), needed, usable);
            }
        } catch (IOException e) {
            throw new ModelUnavailableException("cannot read the free space of " + cache.directory() + ": " + e.getMessage(), e);
        }
    }

    private HubFetchRequest request(Preset preset, Preset.Source source, boolean update) {
        return new HubFetchRequest(HubRepoRef.parse(source.repo()), preset.files(source), update);
    }

    private FetchedSnapshot fetch(Preset preset, Preset.Source source, boolean update, DownloadProgress progress) {
        return hub.fetch(request(preset, source, update), progress);
    }
}
