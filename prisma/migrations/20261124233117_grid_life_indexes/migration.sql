-- CreateIndex
CREATE INDEX "Facility_createdAt_id_idx" ON "Facility"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Place_createdAt_id_idx" ON "Place"("createdAt", "id");

-- CreateIndex
CREATE INDEX "SentimentEntry_recordedAt_id_idx" ON "SentimentEntry"("recordedAt", "id");
