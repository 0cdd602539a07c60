-- CreateIndex
CREATE INDEX "DispatchTask_departmentId_eventNo_idx" ON "DispatchTask"("departmentId", "eventNo" DESC);
